"""Parameter sweeps: designs (grid, and SALib's lhs, sobol, morris), chunked runs on the batch
engine in-process, in local processes or on Dask, resumable results, indices and charts.

`spec.read_sweep` reads a sweep file, `run.run_sweep` runs it, `figures.draw` redraws its charts.
Nothing is imported here, so a worker that imports `chunks` loads only what a chunk needs.
"""
