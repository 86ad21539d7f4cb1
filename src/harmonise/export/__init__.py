"""Export and exchange formats of a parsed Act: Akoma Ntoso 3.0 out (:mod:`.akn`) and in
(:mod:`.akn_read`, an AKN document's own structure taken as given)."""

from harmonise.export.akn import to_akn

__all__ = ["to_akn"]
