"""The scale data set: a synthetic city programme for benchmarks (``flask scale generate``)."""
