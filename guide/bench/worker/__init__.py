"""The worker side of the benchmarks: the only package in guide/ that imports a framework. Each module here runs
in a worker subprocess whose KERAS_BACKEND was set before `import keras`; it answers in JSON lines."""
