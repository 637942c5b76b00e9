"""`make bench`: the benchmarks, each printing its figures beside the baseline it names."""
