"""The bundled seeds (the raw contract) written out in the layouts real connectors land.

One module per system (``salesforce``, ``hubspot``, ``stripe``, ...), found by name: there is
no registry. Each module exposes

    write(seeds_dir: pathlib.Path, out_dir: pathlib.Path) -> None

which reads the contract files under ``seeds_dir`` (``<source>/<source>__<table>.csv`` or flat
``<source>__<table>.csv``) and writes that system's tables as ``<system>__<table>.csv`` into
``out_dir``. A module may also declare ``REPLACES``, the contract tables (``crm__deals``, ...)
its files feed; ``python -m generator.system_layouts`` copies every other contract file beside
them (a system's adapter reads the contract file of a table it cannot feed, such as fx rates
beside Stripe). Without ``REPLACES`` every contract file is copied: harmless, as an adapter
model always takes precedence over the contract file of a table it feeds.

Shared reading / writing helpers: ``generator.system_layouts.common``.
"""
