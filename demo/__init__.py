"""The demo detachment: a fictional Liaoyang built through the services, for first start,
training and benchmarks. Nothing in production code depends on it."""
