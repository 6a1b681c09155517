"""PolNeAR loading: articles and their gold attributions (content, source, cue spans).

The corpus is not part of the project (see ``shared/data/README.md``); it is looked up
like every corpus (:mod:`claimledger.evaluation.corpora`): the folder given, else
``$CLAIMLEDGER_DATA``, else ``shared/data`` beside the working directory or the repository.

Choices that decide the numbers:

* Texts are decoded from bytes (``newline=""`` semantics): offsets count code points of
  the file as it is. Every span is checked against the text the ``.ann`` writes for it
  (:func:`~claimledger.evaluation.brat.check_offsets`); a mismatch is an error.
* Several annotators labelled some articles (2 of 84 in dev, 16 of 840 in train). One is
  used: the first listed in ``metadata.tsv`` whose file exists, else the first file name.
* An attribution is an ``E`` line whose trigger is ``Attribution`` or
  ``Attribution-no-source``. Its content joins the ``Content`` and ``Content2`` spans (3
  dev attributions have both); source and cue are None when the line has none. The
  roles decide, not the label: one dev ``Attribution-no-source`` names a source and keeps
  it. A line with no content span at all (1 in dev) cannot be scored and is left out.
* ``Discuss`` and ``Discard`` spans (annotator flags, boilerplate such as "Follow X on
  Twitter") are not attributions; a prediction there counts as a false positive.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from claimledger.errors import CorpusNotFoundError, InputError
from claimledger.evaluation.brat import Annotation, Fragments, check_offsets, read_ann
from claimledger.evaluation.corpora import find_corpus
from claimledger.evaluation.scoring import GoldAttribution
from claimledger.types import Article

CORPUS = "polnear"
ATTRIBUTION_LABELS = frozenset({"Attribution", "Attribution-no-source"})


@dataclass(frozen=True, slots=True)
class PolnearDocument:
    name: str
    text: str
    annotator: str
    attributions: tuple[GoldAttribution, ...]
    path: str
    title: str | None = None
    published: str | None = None

    def article(self) -> Article:
        return Article(text=self.text, source=self.path, title=self.title,
                       published=self.published)


def find_polnear(data_dir: str | Path | None = None) -> Path:
    """The ``polnear/`` folder, or :class:`CorpusNotFoundError` naming where it looked."""
    return find_corpus(CORPUS, "PolNeAR", lambda folder: (folder / "metadata.tsv").is_file(), data_dir)


def load_split(split: str = "dev", data_dir: str | Path | None = None,
               limit: int | None = None) -> list[PolnearDocument]:
    """The documents of ``split`` (``dev`` or ``train``), sorted by name."""
    root = find_polnear(data_dir)
    folder = root / split
    if not (folder / "text").is_dir():
        available = sorted(p.name for p in root.iterdir() if (p / "text").is_dir())
        raise CorpusNotFoundError(f"PolNeAR has no split {split!r} in {root}; "
                                  f"choose one of {', '.join(available) or 'none'}")
    metadata = _read_metadata(root / "metadata.tsv", split)
    names = sorted(metadata) or sorted(p.stem for p in (folder / "text").glob("*.txt"))
    if limit is not None:
        names = names[:limit]
    return [_load_document(folder, name, metadata.get(name, {})) for name in names]


def _read_metadata(path: Path, split: str) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {r["filename"]: r for r in rows if r.get("compartment") == split}


def _load_document(folder: Path, name: str, meta: dict[str, str]) -> PolnearDocument:
    text_path = folder / "text" / f"{name}.txt"
    if not text_path.is_file():
        raise CorpusNotFoundError(f"PolNeAR is incomplete: {text_path} is missing")
    text = text_path.read_bytes().decode("utf-8")
    ann_path = _pick_annotation(folder / "attributions", name, meta.get("annotators", ""))
    annotation = read_ann(ann_path)
    problems = check_offsets(annotation, text)
    if problems:
        raise InputError(f"{ann_path}: offsets do not match {text_path} "
                         f"({len(problems)} spans, first: {problems[0]})")
    annotator = ann_path.stem[len(name) + 1:]
    return PolnearDocument(
        name=name, text=text, annotator=annotator, attributions=gold_attributions(annotation),
        path=str(text_path), title=meta.get("title") or None,
        published=meta.get("publication_date") or None,
    )


def _pick_annotation(folder: Path, name: str, annotators: str) -> Path:
    """The listed annotators' first file, else the first by name: one per article, stable."""
    for annotator in filter(None, annotators.split("|")):
        path = folder / f"{name}_{annotator}.ann"
        if path.is_file():
            return path
    files = sorted(folder.glob(f"{name}_*.ann"))
    if not files:
        raise CorpusNotFoundError(f"PolNeAR is incomplete: no {folder}/{name}_*.ann")
    return files[0]


def gold_attributions(annotation: Annotation) -> tuple[GoldAttribution, ...]:
    """The scorable attributions of one file (those with a content span), in file order."""
    found = []
    for event in annotation.events:
        if event.label not in ATTRIBUTION_LABELS:
            continue
        content = _fragments(annotation, event.ids_for("Content"))
        if content is None:
            continue
        found.append(GoldAttribution(
            id=event.id, content=content,
            source=_fragments(annotation, event.ids_for("Source")),
            cue=_fragments(annotation, event.ids_for("Cue")),
        ))
    return tuple(found)


def _fragments(annotation: Annotation, ids: tuple[str, ...]) -> Fragments | None:
    try:
        frags = [f for tid in ids for f in annotation.spans[tid].fragments]
    except KeyError as err:
        raise InputError(f"an event refers to span {err.args[0]}, which is not defined") from None
    return tuple(sorted(frags)) or None
