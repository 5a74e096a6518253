"""Release history: the versions of each cable, the releases they appeared in, and what changed between them."""

from cabledb.history.diff import CHANGE_KINDS, PARTS, Change, diff_versions, mask_count, version_key

__all__ = ["CHANGE_KINDS", "PARTS", "Change", "diff_versions", "mask_count", "version_key"]
