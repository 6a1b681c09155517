"""PolNeAR loading on the hand-written fixture: documents, annotator choice, gold spans."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimledger.errors import CorpusNotFoundError, InputError
from claimledger.evaluation.corpora import ENV_VAR
from claimledger.evaluation.polnear import find_polnear, load_split

FIXTURE = Path(__file__).parent / "fixtures" / "polnear-format"
BRIDGE = "fixture-news_2016-01-02_bridge-to-reopen"
SENATOR = "fixture-news_2016-01-03_senator-regrets-vote"


def test_polnear_load_split_documents_sorted_with_metadata() -> None:
    docs = load_split("dev", FIXTURE)
    assert [d.name for d in docs] == [BRIDGE, SENATOR]
    bridge = docs[0]
    assert bridge.text.startswith("Bridge to reopen in May\n")
    assert bridge.title == "Bridge to reopen in May"
    assert bridge.published == "2016-01-02"
    article = bridge.article()
    assert article.text == bridge.text
    assert article.source.endswith(f"{BRIDGE}.txt")


def test_polnear_gold_attributions() -> None:
    bridge, _ = load_split("dev", FIXTURE)
    said, told, reported = bridge.attributions
    text = bridge.text
    assert text[slice(*said.content[0])] == "the bridge would reopen in May"
    assert said.source is not None and text[slice(*said.source[0])] == "Mayor Ana Ruiz"
    assert said.cue is not None and text[slice(*said.cue[0])] == "said"
    # The discontinuous content keeps both fragments, left to right.
    assert [text[s:e] for s, e in told.content] == ["“We are on schedule,”",
                                                    "“The steel is in place.”"]
    # Attribution-no-source: a cue and a content, no source.
    assert reported.source is None
    assert reported.cue is not None and text[slice(*reported.cue[0])] == "was reported"


def test_polnear_first_listed_annotator_wins_over_file_order() -> None:
    # metadata lists bb22|aa11; aa11's file sorts first but is not used.
    _, senator = load_split("dev", FIXTURE)
    assert senator.annotator == "bb22"
    (wrote,) = senator.attributions
    assert senator.text[slice(*wrote.content[0])] == "the vote\nwas a mistake"


def test_polnear_limit_takes_the_first_documents() -> None:
    assert [d.name for d in load_split("dev", FIXTURE, limit=1)] == [BRIDGE]


def test_polnear_data_dir_may_be_the_parent_folder(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "polnear")
    assert find_polnear(tmp_path) == tmp_path / "polnear"
    assert find_polnear(tmp_path / "polnear") == tmp_path / "polnear"


def test_polnear_env_var_names_the_data_dir(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURE, tmp_path / "polnear")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert find_polnear() == tmp_path / "polnear"


def test_polnear_found_in_shared_data_next_to_the_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURE, tmp_path / "shared" / "data" / "polnear")
    (tmp_path / "main").mkdir()
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path / "main")
    assert find_polnear() == tmp_path / "shared" / "data" / "polnear"


def test_polnear_missing_corpus_says_where_it_looked(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(CorpusNotFoundError) as err:
        load_split("dev")
    message = str(err.value)
    assert "PolNeAR not found" in message and str(tmp_path / "nowhere") in message
    assert "--data-dir" in message and ENV_VAR in message


def test_polnear_unknown_split_lists_the_available_ones() -> None:
    with pytest.raises(CorpusNotFoundError, match="no split 'test'.*dev"):
        load_split("test", FIXTURE)


def test_polnear_offsets_that_do_not_match_the_text_are_an_error(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "polnear")
    text = tmp_path / "polnear" / "dev" / "text" / f"{BRIDGE}.txt"
    text.write_bytes(text.read_bytes().replace(b"\n", b"\r\n"))
    with pytest.raises(InputError, match="offsets do not match"):
        load_split("dev", tmp_path)
