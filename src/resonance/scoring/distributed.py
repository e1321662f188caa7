"""The Dask engine: the same chunks and the same :func:`score_chunk`, on a Dask cluster.

With no scheduler address a local cluster of ``workers`` processes (one thread each) is
started and closed with the run; with ``scheduler="tcp://host:8786"`` the run uses a cluster
someone else started (see ``docs/dask.md``). Each worker thread loads the pipeline once, on
its first chunk, and keeps it (:func:`resonance.scoring.score.worker_pipeline`). dask is
imported only when this engine is used.
"""

from __future__ import annotations

from typing import Any

from resonance.errors import InputError, ResonanceError
from resonance.scoring.score import Chunk, PipelineConfig, score_chunk


class DaskRunner:
    """Submit chunks to a Dask cluster; results come back as plain dicts."""

    def __init__(
        self, config: PipelineConfig, *, workers: int = 2, scheduler: str | None = None
    ) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise ResonanceError(
                "the dask engine needs dask.distributed: pip install 'resonance[dask]'"
            ) from None
        self.config = config
        self.cluster: Any = None
        try:
            if scheduler is None:
                self.cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=":0",
                )
                self.client = Client(self.cluster)
            else:
                self.client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as error:
            self.close()
            raise InputError(
                f"cannot reach the Dask scheduler ({error}); is it running?",
                source=scheduler or "local cluster",
            ) from None
        threads = self.client.nthreads()
        self.workers = max(sum(threads.values()), 1)

    def submit(self, chunk: Chunk) -> Any:
        """A Dask future for one chunk (``pure=False``: equal chunks are still separate work)."""
        return self.client.submit(score_chunk, chunk, self.config, pure=False)

    def close(self) -> None:
        """Close the client, and the local cluster when this runner started it."""
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
