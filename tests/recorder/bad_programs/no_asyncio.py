"""Plain Python: no event loop at all."""
total = sum(range(10))
print("total", total)
