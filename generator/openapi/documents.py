"""Which files of a tree are APIs, and their names."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from .tree import SpecTree
from .walk import iter_refs
from .yamlload import LoadedFile

__all__ = ["api_documents", "api_name", "is_api_document"]


def is_api_document(file: LoadedFile) -> bool:
    """A document with operations or webhooks (a vendor ``common.yaml`` has neither)."""
    data = file.data
    return isinstance(data, dict) and bool(data.get("paths") or data.get("webhooks"))


def api_name(tree: SpecTree, file: LoadedFile) -> str:
    """An API's name: its file below the spec root, without the suffix (``huawei/vpcep``)."""
    return file.path.relative_to(tree.root).with_suffix("").as_posix()


def api_documents(tree: SpecTree) -> list[LoadedFile]:
    """The APIs of ``tree``, in path order: every document with operations or webhooks, and
    every document of components alone that no other file refers to (a models-only API; one
    that others refer to is their shared library, like a vendor's ``common.yaml``)."""
    documents = list(tree.documents())
    libraries = [
        f
        for f in documents
        if "openapi" in f.data and not is_api_document(f) and f.data.get("components")
    ]
    referenced = set()
    if libraries:
        for file in documents:
            for _, ref in iter_refs(file.data):
                target = urlsplit(ref).path
                if target:
                    referenced.add((file.path.parent / unquote(target)).resolve())
    return [
        f for f in documents if is_api_document(f) or (f in libraries and f.path not in referenced)
    ]
