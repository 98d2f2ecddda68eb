"""Worker processes for bulk runs: files go to a concurrent.futures process pool in bounded
batches, results come back in order. Interrupts and dead workers end the run promptly instead of
hanging it: workers ignore Ctrl-C (the coordinating process decides), a pool whose worker died
raises BrokenProcessPool, and each worker notes in shared memory which file it is on, so that the
error can name the file a killed worker (out of memory, say) was checking."""

from __future__ import annotations

import contextlib
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from generator.exits import RunAborted
from generator.validate.results import FileResult

if TYPE_CHECKING:
    from concurrent.futures import Future

# multiprocessing and concurrent.futures.process are imported only when a pool starts: the
# browser (Pyodide) imports this module but has no processes to start.

PARALLEL_THRESHOLD = 64
BATCH = 2048  # files handed to the workers at a time
CHUNK = 128

Check = Callable[[str], FileResult]
_IDLE = -1


class WorkerDied(RunAborted):
    def __init__(self, file: str | None) -> None:
        where = f"检查 {file} 时" if file else ""
        super().__init__(
            f"{where}一个工作进程意外终止（常见原因：内存不足，被系统结束），检查没有完成，"
            "报告没有写出。请单独检查该文件，或用 -j 1 重新运行。"
        )
        self.file = file


# Set in each worker by _start.
_CHECK: Check | None = None
_SLOTS: Any = None  # per worker: [pid, index of the file being checked or _IDLE]
_SLOT = 0


def _start(check: Check, slots: Any, counter: Any) -> None:
    global _CHECK, _SLOTS, _SLOT
    # Ctrl-C reaches every process of the terminal's group; the coordinating process alone
    # decides what happens (it stops the workers), so no worker prints a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    with counter.get_lock():
        _SLOT = counter.value
        counter.value += 1
    _CHECK, _SLOTS = check, slots
    slots[2 * _SLOT] = os.getpid()
    slots[2 * _SLOT + 1] = _IDLE


def _stop(signum: int, frame: object) -> None:
    # Asked to stop (by the coordinating process or by the pool after another worker died):
    # this worker's file is not the one to blame.
    if _SLOTS is not None:
        _SLOTS[2 * _SLOT + 1] = _IDLE
    os._exit(0)


def _work(first: int, paths: list[str]) -> list[FileResult]:
    assert _CHECK is not None
    slots, at = _SLOTS, 2 * _SLOT + 1
    results = []
    for index, path in enumerate(paths, first):
        slots[at] = index
        results.append(_CHECK(path))
    slots[at] = _IDLE
    return results


def _batches(items: Iterator[str | FileResult], size: int) -> Iterator[list[str | FileResult]]:
    batch: list[str | FileResult] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Pool:
    """The executor with its shared slots, started on the first batch big enough to need it."""

    def __init__(self, jobs: int, check: Check, warm: Callable[[], None]) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        warm()
        context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        self.slots = context.RawArray("q", [0, _IDLE] * jobs)
        counter = context.Value("i", 0)
        self.executor = ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_start, initargs=(check, self.slots, counter)
        )
        self.jobs = jobs
        self.in_flight: dict[int, str] = {}
        self.next_index = 0

    def submit(self, paths: list[str]) -> Iterator[FileResult]:
        # Large chunks cost the fewest messages; small runs still give every worker some.
        size = max(1, min(CHUNK, len(paths) // (self.jobs * 4)))
        futures: list[tuple[int, list[str], Future[list[FileResult]]]] = []
        for i in range(0, len(paths), size):
            chunk = paths[i : i + size]
            first = self.next_index
            self.next_index += len(chunk)
            futures.append((first, chunk, self.executor.submit(_work, first, chunk)))
            self.in_flight.update(enumerate(chunk, first))
        return self._results(futures)

    def _results(
        self, futures: list[tuple[int, list[str], Future[list[FileResult]]]]
    ) -> Iterator[FileResult]:
        from concurrent.futures.process import BrokenProcessPool

        for first, chunk, future in futures:
            try:
                results = future.result()
            except BrokenProcessPool:
                raise WorkerDied(self._culprit()) from None
            for index in range(first, first + len(chunk)):
                del self.in_flight[index]
            yield from results

    def _culprit(self) -> str | None:
        """The file a dead worker was on: once the pool has stopped the others (each clears its
        slot as it goes), only the dead worker's slot still names a file."""
        self.executor.shutdown(wait=True)
        for slot in range(self.jobs):
            index = self.slots[2 * slot + 1]
            if index != _IDLE and index in self.in_flight:
                return self.in_flight[index]
        return None

    def close(self, abort: bool) -> None:
        if not abort:
            self.executor.shutdown(wait=True)
            return
        # Interrupted: stop the workers now rather than let them finish their chunks.
        self.executor.shutdown(wait=False, cancel_futures=True)
        for slot in range(self.jobs):
            pid = self.slots[2 * slot]
            if pid > 0:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGTERM)


def checked(
    items: Iterator[str | FileResult],
    jobs: int,
    check: Check,
    warm: Callable[[], None],
) -> Iterator[FileResult]:
    """Each file's result, in order. Files go to worker processes in bounded batches, so memory
    does not grow with the number of files. The next batch is handed over before the current
    one is collected, so the workers never wait while this process lists files or writes the
    report; at most two batches are in flight."""
    pool: _Pool | None = None
    pending: deque[tuple[list[str | FileResult], Iterator[FileResult]]] = deque()
    finished = False
    try:
        for batch in _batches(items, BATCH):
            paths = [i for i in batch if isinstance(i, str)]
            if jobs > 1 and len(paths) >= PARALLEL_THRESHOLD and pool is None:
                pool = _Pool(jobs, check, warm)
            done = pool.submit(paths) if pool is not None else (check(p) for p in paths)
            pending.append((batch, done))
            if len(pending) > 1:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
        finished = True
    finally:
        if pool is not None:
            pool.close(abort=not finished)


def _collect(batch: list[str | FileResult], done: Iterator[FileResult]) -> Iterator[FileResult]:
    for item in batch:
        yield next(done) if isinstance(item, str) else item
