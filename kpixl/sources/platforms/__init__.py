"""One module per native export family: its header signature and how its columns map to fields."""
