"""Every usage error is one line in the run's language, exit code 2; a plain run logs too."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import school, teacher

from sheets_sync.cli import main
from sheets_sync.cli_errors import LocalizedGroup

BIN = Path(sys.executable).with_name("sheets-sync")
# click's own English wording, and a Python traceback: none may reach a person.
LEAKS = ("Usage:", "Try '", "Error:", "Invalid value", "No such", "Missing", "Traceback")
RUN_OPTIONS = (
    "--xlsx, --spreadsheet, --credentials, --endpoint, --as-of, --language, --dry-run, "
    "--report-json, --out, --config, --job, --log-format, --log-file, --debug, --help"
)
PLAIN_RUN = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ job=run schools=(\d+) findings=(\d+) writes=(\d+) "
    r"duration=[\d.]+s failures=(\d+)$"
)


def said(*args: str, cwd: Path | None = None) -> str:
    """The one line a usage error prints, checked for exit code 2 and nothing else said."""
    if cwd is not None:
        old = Path.cwd()
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        if cwd is not None:
            os.chdir(old)
    assert result.exit_code == 2, result.output
    assert result.stdout == "", result.stdout
    assert not any(leak in result.stderr for leak in LEAKS), result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def said_by_process(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        [str(BIN), *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == "", done.stdout
    assert not any(leak in done.stderr for leak in LEAKS), done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


KINDS = [
    pytest.param(
        ["run", "--xlx", "a.xlsx"],
        "✖ sheets-sync run буйругунда --xlx параметри жок. Балким, --xlsx?",
        "✖ У команды sheets-sync run нет параметра --xlx. Может быть, --xlsx?",
        id="unknown-option-close",
    ),
    pytest.param(
        ["run", "--bogus"],
        f"✖ sheets-sync run буйругунда --bogus параметри жок. Анын параметрлери: {RUN_OPTIONS}.",
        f"✖ У команды sheets-sync run нет параметра --bogus. Её параметры: {RUN_OPTIONS}.",
        id="unknown-option",
    ),
    pytest.param(
        ["run", "--xlsx"],
        "✖ --xlsx параметринен кийин маани жазылышы керек: --xlsx PATH.",
        "✖ После --xlsx нужно значение: --xlsx PATH.",
        id="option-without-value",
    ),
    pytest.param(
        ["run", "--xlsx", "--dry-run"],
        "✖ --xlsx параметринен кийин маани жазылышы керек: --xlsx PATH.",
        "✖ После --xlsx нужно значение: --xlsx PATH.",
        id="option-followed-by-option",
    ),
    pytest.param(
        ["run", "--dry-run=yes", "--xlsx", "a.xlsx"],
        "✖ --dry-run параметри маани албайт: --dry-run деп гана жазыңыз.",
        "✖ --dry-run не принимает значения: пишите просто --dry-run.",
        id="flag-with-value",
    ),
    pytest.param(
        ["run", "--xlsx", "a.xlsx", "--log-format", "xml"],
        "✖ --log-format «xml» кабыл алынбайт. Булардын бирин бериңиз: plain, json.",
        "✖ --log-format «xml» не подходит. Укажите одно из: plain, json.",
        id="bad-choice",
    ),
    pytest.param(
        ["run", "--xlsx", "a.xlsx", "--as-of", "21.11.2026"],
        "✖ --as-of «21.11.2026» дата катары окулбайт. YYYY-MM-DD түрүндө жазыңыз, "
        "мисалы 2026-11-21.",
        "✖ --as-of «21.11.2026» не читается как дата. Пишите YYYY-MM-DD, например 2026-11-21.",
        id="bad-date",
    ),
    pytest.param(
        ["run", "--xlsx", "a.xlsx", "--as-of", "1800-01-01"],
        "✖ --as-of «1800-01-01»: 1900-01-01 менен 2999-12-31 ортосундагы датаны бериңиз.",
        "✖ --as-of «1800-01-01»: укажите дату от 1900-01-01 до 2999-12-31.",
        id="date-out-of-range",
    ),
    pytest.param(
        ["run"],
        "✖ Китеп берилген жок: --xlsx ЖОЛ же --spreadsheet ID_ЖЕ_ШИЛТЕМЕ деп бериңиз "
        "(же --config файлына spreadsheets = [...] жазыңыз).",
        "✖ Не указана книга: укажите --xlsx ПУТЬ или --spreadsheet ID_ИЛИ_ССЫЛКА "
        "(или spreadsheets = [...] в файле --config).",
        id="missing-workbook",
    ),
    pytest.param(
        ["init"],
        "✖ Китеп берилген жок: --xlsx ЖОЛ же --spreadsheet ID_ЖЕ_ШИЛТЕМЕ деп бериңиз.",
        "✖ Не указана книга: укажите --xlsx ПУТЬ или --spreadsheet ID_ИЛИ_ССЫЛКА.",
        id="init-missing-workbook",
    ),
    pytest.param(
        ["run", "--xlsx", "a.xlsx", "b.xlsx"],
        "✖ Буйрук сабында ашыкча сөздөр бар: b.xlsx. Ар бир маани өз параметринен кийин "
        "жазылат (sheets-sync run --help).",
        "✖ Лишние слова в командной строке: b.xlsx. Каждое значение пишется после своего "
        "параметра (sheets-sync run --help).",
        id="extra-argument",
    ),
    pytest.param(
        ["run", "--xlsx", "a.xlsx", "--xlsx", "b.xlsx", "--out", "c.xlsx"],
        "✖ --out бир гана --xlsx менен иштейт, --spreadsheet'сиз.",
        "✖ --out работает только с одним --xlsx и без --spreadsheet.",
        id="out-with-two-workbooks",
    ),
    pytest.param(
        ["emulator", "--port", "abc"],
        "✖ --port «abc» бүтүн сан эмес. Бүтүн сан жазыңыз, мисалы 8765.",
        "✖ --port «abc» — не целое число. Укажите целое число, например 8765.",
        id="not-a-number",
    ),
    pytest.param(
        ["schedule", "--xlsx", "a.xlsx", "--at", "nightly=2:00"],
        "✖ --at «nightly=2:00»: убакыт HH:MM түрүндө жазылат, мисалы 02:00.",
        "✖ --at «nightly=2:00»: время пишется как HH:MM, например 02:00.",
        id="bad-time",
    ),
    pytest.param(
        ["schedule", "--xlsx", "a.xlsx", "--at", "weekly=02:00"],
        "✖ --at «weekly=02:00»: JOB=HH:MM деп жазыңыз, JOB булардын бири: nightly, summaries.",
        "✖ --at «weekly=02:00»: пишите JOB=HH:MM, где JOB — одно из: nightly, summaries.",
        id="bad-job-time",
    ),
    pytest.param(
        ["schedule", "--xlsx", "a.xlsx", "--at", "nightly=off", "--at", "summaries=off"],
        "✖ Бардык тапшырмалар өчүк: жок дегенде бир --at JOB=HH:MM бериңиз.",
        "✖ Все задания выключены: укажите хотя бы один --at JOB=HH:MM.",
        id="every-job-off",
    ),
]


@pytest.mark.parametrize(("args", "kyrgyz", "russian"), KINDS)
def test_a_usage_error_is_one_line_in_kyrgyz_by_default_and_in_russian_when_asked(
    tmp_path, args, kyrgyz, russian
):
    assert said(*args, cwd=tmp_path) == kyrgyz
    assert said(args[0], "--language", "ru", *args[1:], cwd=tmp_path) == russian


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["runn"], "✖ «runn» деген sheets-sync буйругу жок. Балким, run?"),
        (
            ["bogus"],
            "✖ «bogus» деген sheets-sync буйругу жок. Буйруктар: run, demo, emulator, "
            "settings, init, schedule, status, check.",
        ),
        (
            ["--bogus"],
            "✖ sheets-sync буйругунда --bogus параметри жок. Анын параметрлери: --version, --help.",
        ),
    ],
)
def test_an_unknown_command_is_said_in_kyrgyz_with_the_commands(tmp_path, args, expected):
    assert said(*args, cwd=tmp_path) == expected


def test_a_path_that_is_a_folder_or_a_file_is_named_with_its_option(tmp_path):
    folder, file = tmp_path / "folder", tmp_path / "file.txt"
    folder.mkdir()
    file.write_text("x", "utf-8")
    assert said("run", "--xlsx", str(folder)) == (
        f"✖ --xlsx «{folder}» — папка. Файлдын жолун бериңиз."
    )
    assert said("run", "--xlsx", "ok.xlsx", "--report-json", str(folder), "--language=ru") == (
        f"✖ --report-json «{folder}» — это папка. Укажите путь к файлу."
    )
    assert said("demo", "--out", str(file)) == f"✖ --out «{file}» — файл. Папканын жолун бериңиз."


def test_an_unreadable_language_is_said_in_kyrgyz_with_the_accepted_values(tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text('language = "ru"\n', "utf-8")
    expected = "✖ --language «fr»: мындай тил жок. Булардын бирин бериңиз: ky, ru, en."
    assert said("run", "--xlsx", "a.xlsx", "--language", "fr") == expected
    assert said("run", "--config", str(config), "--language=fr", "--bogus") == expected
    assert said("run", "--language", "--xlsx", "a.xlsx") == (
        "✖ --language параметринен кийин тил жазылышы керек, булардын бири: ky, ru, en."
    )
    assert said("status", "--language") == (
        "✖ --language параметринен кийин тил жазылышы керек, булардын бири: ky, ru, en."
    )


def test_a_usage_error_speaks_the_settings_files_language(tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text('language = "ru"\n', "utf-8")
    assert said("run", "--config", str(config), "--xlx", "a.xlsx") == (
        "✖ У команды sheets-sync run нет параметра --xlx. Может быть, --xlsx?"
    )
    assert said("run", "--config", str(config)) == (
        "✖ Не указана книга: укажите --xlsx ПУТЬ или --spreadsheet ID_ИЛИ_ССЫЛКА "
        "(или spreadsheets = [...] в файле --config)."
    )
    # --language on the command line wins over the file
    assert said("run", "--config", str(config), "--language", "en", "--xlx", "a") == (
        "✖ sheets-sync run has no option --xlx. Did you mean --xlsx?"
    )


def test_a_command_that_finds_its_settings_file_speaks_its_language(tmp_path):
    (tmp_path / "sheets-sync.toml").write_text('language = "ru"\n', "utf-8")
    options = "--config, --language, --debug, --help"
    assert said("check", "--bogus", cwd=tmp_path) == (
        f"✖ У команды sheets-sync check нет параметра --bogus. Её параметры: {options}."
    )
    assert said("run", "--job", "nightly", "--xlx", "a", cwd=tmp_path) == (
        "✖ У команды sheets-sync run нет параметра --xlx. Может быть, --xlsx?"
    )
    # a plain run reads no settings file it is not given
    assert said("run", "--xlx", "a", cwd=tmp_path) == (
        "✖ sheets-sync run буйругунда --xlx параметри жок. Балким, --xlsx?"
    )


def test_a_settings_file_that_cannot_be_read_leaves_the_usage_error_in_kyrgyz(tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text('language = "fr"\n', "utf-8")
    assert said("run", "--config", str(config), "--xlx", "a") == (
        "✖ sheets-sync run буйругунда --xlx параметри жок. Балким, --xlsx?"
    )


def test_a_log_file_that_cannot_be_opened_is_one_line_with_the_reason_in_the_language(
    tmp_path,
):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", "utf-8")
    log = blocker / "run.log"
    workbook = school(tmp_path, [teacher("Асанова Гүлзат")])
    before = workbook.read_bytes()
    assert said("run", "--xlsx", str(workbook), "--log-file", str(log), "--language=ru") == (
        f"✖ Файл «{log}» не открывается: файл с таким именем уже есть. "
        "Укажите файл в папке, куда можно писать."
    )
    assert workbook.read_bytes() == before  # said before anything ran


@pytest.mark.parametrize(
    ("args", "kyrgyz", "russian"),
    [
        kind
        for kind in KINDS
        if kind.id
        in {"unknown-option-close", "option-without-value", "bad-choice", "bad-date"}
        | {"missing-workbook", "extra-argument"}
    ],
)
def test_a_real_process_says_the_same_one_line(tmp_path, args, kyrgyz, russian):
    assert said_by_process(*args, cwd=tmp_path) == kyrgyz
    assert said_by_process(args[0], "--language=ru", *args[1:], cwd=tmp_path) == russian


def test_a_real_process_says_a_bad_language_in_kyrgyz(tmp_path):
    assert said_by_process("run", "--language", "fr", "--xlsx", "a.xlsx", cwd=tmp_path) == (
        "✖ --language «fr»: мындай тил жок. Булардын бирин бериңиз: ky, ru, en."
    )


def test_help_stays_as_it_is(tmp_path):
    result = CliRunner().invoke(main, ["run", "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Usage: main run [OPTIONS]")
    assert "--log-format [plain|json]" in result.output
    bare = CliRunner().invoke(main, [])
    assert "Commands:" in bare.output


def test_a_plain_run_logs_one_json_line_like_run_job(tmp_path):
    workbook = school(tmp_path, [teacher("Асанова Гүлзат"), teacher("Бакиев Нурлан")])
    result = CliRunner().invoke(main, ["run", "--xlsx", str(workbook), "--log-format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[-1])
    assert set(record) == {
        "event",
        "job",
        "schools",
        "findings",
        "writes",
        "duration",
        "failures",
        "interrupted",
        "time",
    }
    assert record["event"] == "run" and record["job"] == "run"
    assert record["schools"] == 1 and record["failures"] == 0 and record["writes"] > 0
    assert record["findings"] > 0


def test_a_plain_run_appends_its_line_to_the_log_file_and_counts_a_failure(tmp_path):
    workbook = school(tmp_path, [teacher("Асанова Гүлзат")])
    log = tmp_path / "logs" / "run.log"
    args = ["run", "--xlsx", str(workbook), "--xlsx", str(tmp_path / "missing.xlsx")]
    first = CliRunner().invoke(main, [*args, "--log-file", str(log)])
    assert first.exit_code == 2
    lines = log.read_text("utf-8").splitlines()
    assert len(lines) == 1
    schools, findings, writes, failures = PLAIN_RUN.match(lines[0]).groups()
    assert (schools, failures) == ("2", "1") and int(writes) > 0 and int(findings) > 0
    assert not PLAIN_RUN.match(first.stdout.splitlines()[-1] if first.stdout else "")
    again = CliRunner().invoke(main, [*args, "--log-file", str(log), "--dry-run"])
    assert again.exit_code == 2
    lines = log.read_text("utf-8").splitlines()
    assert len(lines) == 2 and PLAIN_RUN.match(lines[1]).group(3) == "0"  # a dry run writes 0


def test_a_plain_run_logs_only_when_asked(tmp_path):
    workbook = school(tmp_path, [teacher("Асанова Гүлзат")])
    quiet = CliRunner().invoke(main, ["run", "--xlsx", str(workbook), "--dry-run"])
    asked = CliRunner().invoke(
        main, ["run", "--xlsx", str(workbook), "--dry-run", "--log-format", "plain"]
    )
    assert quiet.exit_code == asked.exit_code == 0
    assert not any(PLAIN_RUN.match(line) for line in quiet.stdout.splitlines())
    assert PLAIN_RUN.match(asked.stdout.splitlines()[-1])


def test_an_error_before_the_run_speaks_the_settings_files_language(tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text('language = "ru"\n', "utf-8")
    workbook = school(tmp_path, [teacher("Асанова Гүлзат")])
    foreign = tmp_path / "foreign.xlsx"
    foreign.write_bytes(b"not ours")
    result = CliRunner().invoke(
        main, ["run", "--config", str(config), "--xlsx", str(workbook), "--out", str(foreign)]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"✖ «{foreign}» уже существует и не является копией, записанной sheets-sync, поэтому "
        "ничего не запущено. Укажите в --out новое имя файла."
    ]


def test_a_required_option_or_argument_left_out_is_named_in_the_language():
    @click.group(cls=LocalizedGroup)
    def tool() -> None:
        """A group of the kind sheets-sync is."""

    @tool.command("greet")
    @click.option("--name", required=True, metavar="NAME")
    @click.option("--language", type=click.Choice(["ky", "ru", "en"]))
    @click.argument("path", metavar="PATH")
    def greet(name: str, language: str | None, path: str) -> None:
        click.echo(f"{name} {path}")

    missing_option = CliRunner().invoke(tool, ["greet", "here"])
    missing_argument = CliRunner().invoke(tool, ["greet", "--language", "ru", "--name", "x"])
    assert missing_option.exit_code == missing_argument.exit_code == 2
    assert missing_option.stderr == "✖ sheets-sync greet үчүн --name NAME керек.\n"
    assert missing_argument.stderr == "✖ Для sheets-sync greet нужен PATH.\n"
