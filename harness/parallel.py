"""Mapping a pure function over items on worker processes, results in order.

Threads do not help CPU-bound work such as the reference engine, loading a
big pack or rendering a thousand golden invoices: the GIL runs one item at a
time. Work that is a pure function of its item may run in other processes
instead. The loader (harness.packs), the runner and the fuzzer all do so
through `ordered_map`, so it sits below every layer and imports nothing of
the harness.

What crosses a process boundary is the expensive part, so `ordered_map`:

* hands the function and all the items to each worker once, as the pool's
  initializer arguments (inherited for free where processes fork, pickled
  once per worker elsewhere);
* sends a task as a range of item positions (a chunk), never an item;
* yields the results in the items' order, chunk by chunk."""

from __future__ import annotations

import gc
import sys
from typing import Any, Callable, Iterator, Sequence

#: Chunks per worker: a few, so a slow chunk does not leave the other workers idle at the end,
#: yet few enough that per-task overhead stays small next to the items' own time.
CHUNKS_PER_WORKER = 4

# -- the worker's side: set once by the pool's initializer
_function: Callable[[Any], Any] | None = None
_items: Sequence[Any] = ()


def _start(function: Callable[[Any], Any], items: Sequence[Any]) -> None:
    global _function, _items
    _function, _items = function, items


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    start, stop = bounds
    return [_function(_items[i]) for i in range(start, stop)]  # type: ignore[misc]


# -- the parent's side


def chunks(total: int, workers: int) -> list[tuple[int, int]]:
    """[start, stop) ranges covering `total` positions in order, about
    CHUNKS_PER_WORKER per worker."""
    size = max(1, -(-total // (workers * CHUNKS_PER_WORKER)))
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def _context():  # -> multiprocessing.context.BaseContext
    """Fork where it is the platform's safe default (Linux): the workers
    inherit the loaded pack and the imported harness instead of re-importing
    and unpickling them."""
    import multiprocessing

    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def ordered_map(function: Callable[[Any], Any], items: Sequence[Any], workers: int) -> Iterator[Any]:
    """`function(item)` for every item, in order, computed on `workers`
    processes. `function` must be picklable (a module-level function or a
    `functools.partial` of one) where processes do not fork. An exception
    raised by `function` is raised here, and the chunks not yet run are dropped."""
    from concurrent.futures import ProcessPoolExecutor  # imported when a run asks for processes, not at start-up

    items = tuple(items)
    if not items:
        return
    bounds = chunks(len(items), workers)
    # Forked workers inherit every object of the parent (the pack, the imported
    # harness). Frozen, the cyclic collector in a worker leaves them alone: it
    # neither rescans them nor writes to their headers, which would copy their
    # memory pages into each worker (about a sixth of the workers' time at 1,000 scenarios).
    gc.freeze()
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(bounds)),
        mp_context=_context(),
        initializer=_start,
        initargs=(function, items),
    )
    try:
        for results in pool.map(_run_chunk, bounds):
            yield from results
    finally:  # on an error (or Ctrl-C) pending chunks are dropped, not run to the end
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
