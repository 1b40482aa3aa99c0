"""Which mail to download together, decided from the sizes the server reports (RFC822.SIZE).

A batch is what one FETCH brings and one transaction stores, so its bytes bound the memory a sync
needs: batches stop at a count and at a byte total, a mail bigger than the total goes alone, and
mail over the size limit is never downloaded at all (only its headers, for the quarantine).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class FetchBatch:
    """UIDs in order: `whole` are downloaded, `too_large` only have their headers fetched."""

    whole: list[int] = field(default_factory=list)
    too_large: list[int] = field(default_factory=list)
    bytes: int = 0

    @property
    def uids(self) -> list[int]:
        return sorted(self.whole + self.too_large)

    def __len__(self) -> int:
        return len(self.whole) + len(self.too_large)


def plan_batches(
    sizes: dict[int, int], max_count: int, max_bytes: int, max_message_bytes: int
) -> Iterator[FetchBatch]:
    """Batches in UID order, each at most `max_count` mails and `max_bytes` (unless one mail
    alone is bigger); mail over `max_message_bytes` is marked too large."""
    batch = FetchBatch()
    for uid in sorted(sizes):
        size = sizes[uid]
        too_large = size > max_message_bytes
        weight = 0 if too_large else size
        if batch and (len(batch) >= max_count or batch.bytes + weight > max_bytes):
            yield batch
            batch = FetchBatch()
        if too_large:
            batch.too_large.append(uid)
        else:
            batch.whole.append(uid)
            batch.bytes += size
    if batch:
        yield batch
