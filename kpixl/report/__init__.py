"""The period's figures in pure Python (no I/O): periods, goals, post rankings and medians, audience."""
