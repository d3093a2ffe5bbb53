"""The push path: systems that send records rather than wait to be read."""
