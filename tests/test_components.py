"""The spaCy factories work in anyone's pipeline, and settings behave."""

from __future__ import annotations

import pytest
import spacy

from claimledger.errors import ModelNotFoundError, SettingError
from claimledger.nlp.model import load_pipeline
from claimledger.settings import DEFAULT_MODEL, Settings


def test_components_add_pipe_in_a_plain_pipeline() -> None:
    import claimledger.nlp.components  # noqa: F401  (registers the factories)

    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("claimledger_quotes")
    doc = nlp("“We will win,” said Mayor Tom Hale.")
    (quote,) = doc._.claimledger_quotes
    assert quote.speaker.name == "Tom Hale"
    assert any(e.name == "Tom Hale" for e in doc._.claimledger_entities)


def test_components_entities_alone(analyzer) -> None:
    import claimledger.nlp.components  # noqa: F401

    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("claimledger_entities")
    doc = nlp("Foreign Minister Jane Roe arrived. Roe said nothing.")
    (entity,) = [e for e in doc._.claimledger_entities if e.type == "PERSON"]
    assert entity.name == "Jane Roe" and len(entity.mentions) == 2
    assert {"foreign", "minister"} <= set(entity.roles)


def test_components_missing_model_is_a_typed_error() -> None:
    with pytest.raises(ModelNotFoundError, match="pip install"):
        load_pipeline("no_such_model_package")


def test_settings_from_environment() -> None:
    assert Settings.from_env({}).model == DEFAULT_MODEL
    settings = Settings.from_env({"CLAIMLEDGER_MODEL": "en_core_web_lg", "CLAIMLEDGER_MAX_BYTES": "10"})
    assert settings.model == "en_core_web_lg" and settings.max_bytes == 10
    with pytest.raises(SettingError):
        Settings.from_env({"CLAIMLEDGER_MAX_BYTES": "lots"})
