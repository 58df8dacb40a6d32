"""The Brief as validated data, and every vocabulary it uses: scales, grades, rules, markings, defaults.

Imports nothing of brief's but `errors`.
"""
