"""Plan texts per kontrolltillfälle: the template's as defaults, the review's own in every
document, and the note on results missing from the measurement."""

from pathlib import Path

import pytest

from internkontroll.core.templates import shipped_templates, template_from_dict
from internkontroll.reports.plan import method_override, missing_note, plan_texts
from tests.conftest import Cli, dump, write_csv
from tests.core.test_personnummer import pnr
from tests.reports.test_documents import docx_text, pdf_text

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

EB = template_from_dict(next(d for d in shipped_templates() if d["key"] == "ekonomiskt-bistand"))
PROCESS = EB.plan["process"]
GENERATED = "5 ärenden har valts ut slumpvis bland 40 numrerade ärenden."
OWN = {"process": "Handläggning av ekonomiskt bistånd för unga vuxna.",
       "kontrollmoment": "Granskningen avser att det i akten framgår följande:",
       "kontrollansvar": "Enhetschef för vuxenenheten.",
       "metod": "Fem akter valdes ut av enhetschefen bland ärenden med beslut i maj.",
       "matperiod": "1 april–30 september 2022",
       "saknas": "enheten Solgården, som bytte verksamhetssystem"}


def drawn_review(cli: Cli, tmp_path: Path, *period: str) -> str:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22", "--date",
                    "2022-11-17", *period).strip()
    cli.ok("sample", review, "--from-range", "40", "--size", "5", "--seed", "7")
    cli.ok("review", "import", review, write_csv(tmp_path / "b.csv", [
        ["lopnummer", "kon", "barn_i_hushallet", "ansokan"],
        *[[str(n), "kvinna", "nej", "helt"] for n in range(1, 6)]]))
    cli.ok("settings", "--set", "kommun=Exempelby kommun")
    return review


def documents(cli: Cli, review: str, tmp_path: Path) -> list[str]:
    found = []
    for suffix, read in ((".pdf", pdf_text), (".docx", docx_text)):
        out = tmp_path / f"redovisning{suffix}"
        cli.ok("report", review, "--out", out)
        found.append(" ".join(read(out).replace("\u00a0", " ").replace("•", "").split()))
    return found


def toml(texts: dict[str, str]) -> str:
    return "[plan]\n" + "".join(f'{key} = "{value}"\n' for key, value in texts.items())


def test_defaults_apply_without_texts_of_the_review(cli: Cli, tmp_path: Path) -> None:
    review = drawn_review(cli, tmp_path)
    for text in documents(cli, review, tmp_path):
        assert f"Process/rutin: {PROCESS}" in text
        assert "Kontrollansvar: Enhetschef." in text
        assert GENERATED in text
        assert "Mätperiod" not in text and "Vid mätningen saknas" not in text


def test_the_period_stored_with_the_review_is_the_default_matperiod(cli: Cli,
                                                                    tmp_path: Path) -> None:
    review = drawn_review(cli, tmp_path, "--period-start", "2022-04-01", "--period-end",
                          "2022-09-30")
    for text in documents(cli, review, tmp_path):
        assert "Mätperiod: 2022-04-01–2022-09-30" in text


def test_texts_of_the_review_replace_the_plan_in_pdf_and_docx(cli: Cli, tmp_path: Path) -> None:
    review = drawn_review(cli, tmp_path, "--period-start", "2022-04-01", "--period-end",
                          "2022-09-30")
    source = tmp_path / "texter.toml"
    source.write_text(toml(OWN), encoding="utf-8")
    assert cli.ok("review", "texts", review, "--from", source).strip().startswith("6 ")
    for text in documents(cli, review, tmp_path):
        assert f"Process/rutin: {OWN['process']}" in text and PROCESS not in text
        # The intro stands where the list of kontrollmoment begins.
        assert f"Kontrollmoment: {OWN['kontrollmoment']} Att det framgår vad ansökan avser" \
            in text
        assert f"Kontrollansvar: {OWN['kontrollansvar']}" in text
        assert f"Mätperiod: {OWN['matperiod']}" in text and "2022-04-01–2022-09-30" not in text
        assert (f"{OWN['metod']} Vid mätningen saknas resultat från enheten Solgården, som "
                "bytte verksamhetssystem.") in text
        assert GENERATED not in text
    # An emptied text gives the default back.
    source.write_text(toml({"metod": "", "saknas": ""}), encoding="utf-8")
    cli.ok("review", "texts", review, "--from", source)
    for text in documents(cli, review, tmp_path):
        assert GENERATED in text and "Vid mätningen saknas" not in text


@pytest.mark.parametrize("key", ["process", "metod", "saknas", "matperiod", "kontrollmoment"])
def test_a_personnummer_in_a_plan_text_is_refused(cli: Cli, tmp_path: Path, key: str) -> None:
    review = drawn_review(cli, tmp_path)
    source = tmp_path / "texter.toml"
    secret = pnr("811218")
    source.write_text(f'sammanfattning = "Bra."\n[plan]\n{key} = "Ärendet {secret}"\n',
                      encoding="utf-8")
    before = dump(cli.db)
    code, _, err = cli("review", "texts", review, "--from", source)
    assert code == 3 and f"Texten 'plan.{key}'" in err and "personnummer" in err, err
    assert secret not in err and secret[-4:] not in err
    assert dump(cli.db) == before


def test_unknown_plan_text_is_refused(cli: Cli, tmp_path: Path) -> None:
    review = drawn_review(cli, tmp_path)
    source = tmp_path / "texter.toml"
    source.write_text('[plan]\nfrekvens = "Varje månad"\n', encoding="utf-8")
    code, _, err = cli("review", "texts", review, "--from", source)
    assert code == 3 and "Okänd text 'plan.frekvens'" in err and "plan.<process|" in err


def test_plan_rows_keep_process_first_and_add_only_what_is_given() -> None:
    assert [label for label, _ in plan_texts(EB, {})] == [
        "Process/rutin", "Frekvens", "Kontrollansvar"]
    given = {f"plan.{k}": v for k, v in OWN.items()}
    assert plan_texts(EB, given, ("2022-04-01", "2022-09-30")) == [
        ("Process/rutin", OWN["process"]), ("Kontrollmoment", OWN["kontrollmoment"]),
        ("Frekvens", "Två gånger per år."), ("Kontrollansvar", OWN["kontrollansvar"]),
        ("Mätperiod", OWN["matperiod"])]
    assert method_override({}, GENERATED) == GENERATED
    assert method_override({"plan.metod": "  "}, GENERATED) == GENERATED
    assert missing_note("Solgården.") == "Vid mätningen saknas resultat från Solgården."
    assert missing_note("Vid mätningen saknas resultat från Solgården") == \
        "Vid mätningen saknas resultat från Solgården."
