"""The Playground's cached core calls: pure functions of frozen, hashable arguments.

An uploaded file's bytes are an argument, so its cache entries are addressed by the file's
content (Streamlit hashes the bytes): a student only ever gets the data set made from the
bytes they sent, never another's. The bytes themselves live in that session's state only.
"""

import streamlit as st

from backprop_core import datasets
from backprop_core import playground as pg


@st.cache_data(max_entries=64, show_spinner=False)
def generated(name: str, n: int, noise: float, seed: int, classes: int) -> datasets.Dataset:
    return datasets.make(name, n, noise, seed, classes=classes)


@st.cache_data(max_entries=8, show_spinner=False)
def uploaded(data: bytes, name: str) -> datasets.Dataset:
    """The CSV's data set (DatasetError for a bad file), plus the Playground's own limits."""
    ds = datasets.load_csv(data, name)
    if ds.m > datasets.MAX_POINTS:
        raise datasets.DatasetError(
            f"{ds.name} has {ds.m:,} rows; the Playground takes up to {datasets.MAX_POINTS:,}"
        )
    if ds.n_features not in (1, 2):
        raise datasets.DatasetError(
            f"{ds.name} has {ds.n_features} feature columns; the Playground draws 1 or 2 (then the label)"
        )
    return ds


def dataset(config: pg.Config, upload: bytes | None, name: str = "upload.csv") -> datasets.Dataset:
    if config.dataset == pg.UPLOAD:
        return uploaded(upload, name)
    return generated(config.dataset, config.n, config.noise, config.seed, config.classes)


@st.cache_data(max_entries=32, show_spinner="Training to the link's step…")
def reached(config: pg.Config, step: int, upload: bytes | None, name: str = "upload.csv") -> pg.Run:
    """The run after ``step`` updates: what a shared link reproduces (the same for every visitor)."""
    return pg.reach(pg.problem(config, dataset(config, upload, name)), step)
