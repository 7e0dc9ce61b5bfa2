"""The bundled seeds written in the layouts real systems export (one module per system).

Each module exposes `write(seeds_dir: pathlib.Path, out_dir: pathlib.Path) -> None`, which
writes `<system>__<table>.csv` files into out_dir from the contract-shaped seeds in seeds_dir
(seeds/<source>/<source>__<table>.csv). `python -m generator.system_layouts --system <name>
--seeds seeds --out DIR` runs one of them. The round-trip tests build the project on such a
folder and compare its marts with the seeds build.
"""
