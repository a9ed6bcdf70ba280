#!/usr/bin/env node
// Offline Pyodide runner for kpixl's tests.
//
// Loads Pyodide from ./node_modules/pyodide (installed by `npm ci --prefix tests/pyodide`) with no network
// access at all: every fetch() of a non-file URL is refused, so a package that Pyodide would download from
// its CDN (numpy, pandas, ...) fails loudly instead of being fetched.
//
// Usage:
//   node run.mjs [--wheel PATH]... [--package NAME_OR_PATH]... (FILE.py | -c CODE | -)
//   node run.mjs [--wheel PATH]... [--package NAME_OR_PATH]... --serve
//
//   --wheel PATH     install a pure-Python wheel with pyodide.unpackArchive(bytes, "wheel") (repeatable)
//   --package NAME   pyodide.loadPackage(NAME): a name from pyodide-lock.json whose file is in
//                    node_modules/pyodide, or a path to a local Pyodide-built .whl (repeatable)
//   FILE.py          run this file;  -c CODE: run this string;  -: read the code from stdin
//   --serve          keep one interpreter: read JSON lines {"code": "...", "filename": "..."} on stdin, answer
//                    each with one JSON line {"ok", "exit_code", "stdout", "stderr"} on stdout
//   --timing         print the Pyodide load time to stderr
//
// One-shot mode writes Python's stdout to stdout and exits with 0, or with 1 on an uncaught Python exception
// (traceback on stderr), or with the code given to sys.exit(). Exit code 2 is a usage or set-up error.
// Top-level `await` is allowed in the Python code.

import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const INDEX_URL = path.join(HERE, "node_modules", "pyodide") + path.sep;

function usage(message) {
  process.stderr.write(`run.mjs: ${message}\n`);
  process.stderr.write("usage: node run.mjs [--wheel PATH]... [--package NAME]... (FILE.py | -c CODE | - | --serve)\n");
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { wheels: [], packages: [], code: null, filename: "<string>", serve: false, timing: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--wheel") opts.wheels.push(next());
    else if (a === "--package") opts.packages.push(next());
    else if (a === "-c") opts.code = next();
    else if (a === "--serve") opts.serve = true;
    else if (a === "--timing") opts.timing = true;
    else if (a === "-") {
      opts.code = readFileSync(0, "utf8");
      opts.filename = "<stdin>";
    } else if (a.startsWith("-")) usage(`unknown option ${a}`);
    else {
      opts.code = readFileSync(a, "utf8");
      opts.filename = path.resolve(a);
    }
  }
  if (!opts.serve && opts.code === null) usage("no Python code given");
  return opts;
}

// Refuse all network access: Pyodide in Node reads local paths with fs and only uses fetch() for URLs.
const realFetch = globalThis.fetch;
globalThis.fetch = async (resource, init) => {
  const url = typeof resource === "string" ? resource : (resource?.url ?? String(resource));
  if (url.startsWith("file:")) return realFetch(resource, init);
  throw new Error(`kpixl pyodide harness is offline: refused to fetch ${url}`);
};

const PY_RUNNER = `
import ast, contextlib, io, sys, traceback

async def _kpixl_run(code, filename, capture):
    out, err = io.StringIO(), io.StringIO()
    exit_code = 0
    g = {"__name__": "__main__", "__file__": filename, "__builtins__": __builtins__}
    ctx = contextlib.ExitStack()
    if capture:
        ctx.enter_context(contextlib.redirect_stdout(out))
        ctx.enter_context(contextlib.redirect_stderr(err))
    with ctx:
        try:
            compiled = compile(code, filename, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
            result = eval(compiled, g)
            if result is not None and hasattr(result, "__await__"):
                await result
        except SystemExit as exc:
            if exc.code is None:
                exit_code = 0
            elif isinstance(exc.code, int):
                exit_code = exc.code
            else:
                print(exc.code, file=sys.stderr)
                exit_code = 1
        except BaseException as exc:
            # drop this runner's own frame so the traceback starts in the user's code
            traceback.print_exception(type(exc), exc, exc.__traceback__.tb_next)
            exit_code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
    return [exit_code, out.getvalue(), err.getvalue()]
`;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let loadPyodide;
  try {
    ({ loadPyodide } = await import("pyodide"));
  } catch (e) {
    usage(`cannot import the pyodide npm package (run: npm ci --prefix tests/pyodide): ${e.message}`);
  }
  const t0 = performance.now();
  // In --serve mode stdout carries the protocol, so Python's raw output (should any bypass the capture)
  // goes to stderr.
  const pyOut = opts.serve ? process.stderr : process.stdout;
  const pyodide = await loadPyodide({ indexURL: INDEX_URL });
  pyodide.setStdout({ write: (buf) => (pyOut.write(buf), buf.length) });
  pyodide.setStderr({ write: (buf) => (process.stderr.write(buf), buf.length) });
  const loaded = performance.now();

  for (const pkg of opts.packages) {
    let failed = null;
    await pyodide.loadPackage(pkg, {
      messageCallback: () => {},
      errorCallback: (msg) => {
        failed = msg;
      },
    });
    if (failed) {
      process.stderr.write(`run.mjs: cannot load package ${pkg} offline: ${failed}\n`);
      process.exit(2);
    }
  }
  for (const wheel of opts.wheels) {
    try {
      const buf = readFileSync(wheel);
      pyodide.unpackArchive(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), "wheel");
    } catch (e) {
      process.stderr.write(`run.mjs: cannot install wheel ${wheel}: ${e.message}\n`);
      process.exit(2);
    }
  }
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
  pyodide.runPython(PY_RUNNER);
  const run = pyodide.globals.get("_kpixl_run");
  if (opts.timing) {
    const ms = (x) => x.toFixed(0);
    process.stderr.write(
      `run.mjs timing: loadPyodide ${ms(loaded - t0)} ms, packages+wheels ${ms(performance.now() - loaded)} ms\n`,
    );
  }

  if (!opts.serve) {
    const result = await run(opts.code, opts.filename, false);
    const [exitCode] = result.toJs();
    result.destroy();
    process.exitCode = exitCode;
    return;
  }

  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  process.stdout.write(`${JSON.stringify({ ready: true, load_ms: Math.round(loaded - t0) })}\n`);
  for await (const line of rl) {
    if (!line.trim()) continue;
    let reply;
    try {
      const req = JSON.parse(line);
      const result = await run(req.code, req.filename ?? "<snippet>", true);
      const [exitCode, stdout, stderr] = result.toJs();
      result.destroy();
      reply = { ok: exitCode === 0, exit_code: exitCode, stdout, stderr };
    } catch (e) {
      reply = { ok: false, exit_code: 2, stdout: "", stderr: `run.mjs: ${e.stack ?? e}` };
    }
    process.stdout.write(`${JSON.stringify(reply)}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`run.mjs: ${e.stack ?? e}\n`);
  process.exit(2);
});
