"""Usage errors in the run's language: one line on standard error, exit code 2.

click finds what is wrong with a command line (a command or option it does not know, an option
without its value, a value that is not one of the choices, a path that is a folder, ...); this
module says it with the ``[usage]`` messages of the catalogs instead of click's English text
and its "Usage: … Try --help" block. ``--help`` stays click's own.

The language is the one the run would speak: ``--language`` of the command line, else the
language of the settings file the command reads (``--config``, or the one it finds itself),
else Kyrgyz. A ``--language`` that cannot be read is said in Kyrgyz, with the accepted values::

    @click.group(cls=LocalizedGroup)
    def main() -> None: ...

    raise UsageProblem("workbook-missing")         # a usage error the toolkit finds itself
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from difflib import get_close_matches
from itertools import pairwise
from pathlib import Path
from typing import Any

import click
from click.exceptions import NoArgsIsHelpError

from .errors import SheetsSyncError
from .messages import DEFAULT_LANGUAGE, LANGUAGES, Catalog

ARGV = "sheets_sync.argv"
SECTION = "usage"
# Commands that read ./sheets-sync.toml (or the user's one) without --config; ``run`` only
# with --job. Their usage errors speak that file's language.
FINDS_SETTINGS = frozenset({"check", "schedule", "status"})


class UsageProblem(click.BadParameter):
    """A usage error the toolkit finds itself: ``key`` of the ``[usage]`` table and its
    parameters. Raised from an option's callback, click adds the option (``{option}``)."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class Said(click.ClickException):
    """A usage error already put into words: shown as one line, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"✖ {self.message}", err=True)


class LocalizedCommand(click.Command):
    """A command whose extra words on the command line are a ``UsageProblem``, and whose
    option followed by another of its options (``--xlsx --dry-run``) lacks its value, where
    click would take the second option's name for a file name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:
            self._check_values(ctx, args)
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise UsageProblem("arguments-extra", arguments=" ".join(rest))
        return rest

    def _check_values(self, ctx: click.Context, args: Sequence[str]) -> None:
        options = {
            name: param
            for param in self.get_params(ctx)
            if isinstance(param, click.Option)
            for name in (*param.opts, *param.secondary_opts)
        }
        for word, following in pairwise(args):
            if word == "--":
                return
            param = options.get(word)
            if param is not None and not param.is_flag and following in options:
                raise UsageProblem("option-needs-value", option=word, metavar=_metavar(param, ctx))


class LocalizedGroup(click.Group):
    """The ``sheets-sync`` group: every usage error of it and its commands becomes ``Said``."""

    command_class = LocalizedCommand

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        argv = tuple(args)
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
        except NoArgsIsHelpError:
            raise  # no command at all: click shows the help
        except click.ClickException as error:
            raise Said(usage_line(error, self, argv)) from None
        ctx.meta[ARGV] = argv
        return ctx

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (NoArgsIsHelpError, Said):
            raise
        except click.ClickException as error:
            raise Said(usage_line(error, self, ctx.meta.get(ARGV, ()))) from None


def run_language(ctx: click.Context) -> str:
    """The language a command's run speaks, worked out from its command line as for a usage
    error: for an error the command raises before its run has a catalog of its own."""
    root = ctx.find_root()
    argv = root.meta.get(ARGV, ())
    command = ctx.command
    words = list(argv[1:]) if argv else []
    language, _ = command_line_language(words)
    return language or settings_language(ctx.info_name or "", command, words) or DEFAULT_LANGUAGE


def usage_line(error: click.ClickException, group: click.Group, argv: Sequence[str]) -> str:
    """The one line that says ``error`` in the run's language."""
    name = argv[0] if argv and argv[0] in group.commands else None
    command = group.commands.get(name) if name else None
    words = list(argv[1:]) if name else list(argv)
    language, unreadable = command_line_language(words) if command else (None, None)
    if unreadable is not None:
        catalog = Catalog.load(DEFAULT_LANGUAGE)
        key = "language-missing" if unreadable == "" else "language-unknown"
        return catalog.text(SECTION, key, value=unreadable, accepted=list(LANGUAGES))
    if command is not None and language is None:
        language = settings_language(name or "", command, words)
    catalog = Catalog.load(language or DEFAULT_LANGUAGE)
    return describe(error, catalog, group, name or "", words)


def describe(
    error: click.ClickException,
    catalog: Catalog,
    group: click.Group,
    name: str,
    words: Sequence[str],
) -> str:
    """``error`` in the catalog's words: the option, the value and what is accepted."""
    say = catalog.text
    if isinstance(error, click.FileError):
        reason = catalog.sections.get("reasons", {}).get(error.message, error.message)
        return say(SECTION, "file-unopenable", path=error.filename, reason=reason)
    if isinstance(error, click.NoSuchCommand):
        return _unknown(catalog, "command-unknown", error.command_name, list(group.commands), {})
    command = group.commands.get(name) or group
    params = {"command": f"sheets-sync {name}".strip()}
    if isinstance(error, click.NoSuchOption):
        known = [_option_name(p) for p in command.params if isinstance(p, click.Option)]
        known.append("--help")
        return _unknown(catalog, "option-unknown", error.option_name, known, params)
    if isinstance(error, click.BadOptionUsage):
        param = _param_by_option(command, error.option_name)
        if isinstance(param, click.Option) and param.is_flag:
            return say(SECTION, "option-takes-no-value", option=error.option_name)
        metavar = _metavar(param, error.ctx) if param is not None else ""
        return say(SECTION, "option-needs-value", option=error.option_name, metavar=metavar)
    if isinstance(error, UsageProblem):
        option = _option_name(error.param) if error.param is not None else ""
        return say(SECTION, error.key, **{"option": option, **params, **error.params})
    if isinstance(error, click.MissingParameter) and error.param is not None:
        if isinstance(error.param, click.Argument):
            return say(
                SECTION, "argument-missing", argument=_metavar(error.param, error.ctx), **params
            )
        return say(
            SECTION,
            "option-missing",
            option=_option_name(error.param),
            metavar=_metavar(error.param, error.ctx),
            **params,
        )
    if isinstance(error, click.BadParameter) and error.param is not None:
        return _bad_value(catalog, error.param, words, params)
    return error.format_message()  # a usage error a command said in the run's language


def _unknown(
    catalog: Catalog, key: str, given: str, known: list[str], params: dict[str, str]
) -> str:
    close = get_close_matches(given, known, n=3, cutoff=0.75)
    if close:
        return catalog.text(SECTION, f"{key}-close", given=given, close=close, **params)
    return catalog.text(SECTION, key, given=given, known=known, **params)


def _bad_value(
    catalog: Catalog, param: click.Parameter, words: Sequence[str], params: dict[str, str]
) -> str:
    """A value click refused for ``param``: the first given value its type does not take."""
    option = _option_name(param)
    values = given_values(words, param.opts)
    kind = param.type
    if isinstance(kind, click.Choice):
        choices = [str(choice) for choice in kind.choices]
        value = next((v for v in values if v not in choices), values[-1] if values else "")
        return catalog.text(
            SECTION, "value-not-a-choice", option=option, value=value, choices=choices
        )
    if isinstance(kind, click.Path):
        for value in values:
            problem = _path_problem(value, kind)
            if problem:
                return catalog.text(SECTION, problem, option=option, value=value)
    if isinstance(kind, click.types.IntParamType):
        value = next((v for v in values if not _is_int(v)), values[-1] if values else "")
        example = param.default if isinstance(param.default, int) else 1
        return catalog.text(
            SECTION, "value-not-a-number", option=option, value=value, example=example
        )
    value = values[-1] if values else ""
    return catalog.text(SECTION, "value-invalid", option=option, value=value, **params)


def _path_problem(value: str, kind: click.Path) -> str | None:
    try:
        is_dir = os.path.isdir(value)
        exists = os.path.exists(value)
    except (OSError, ValueError):
        return "path-unreadable"
    if not exists:
        return "path-not-found" if kind.exists else None
    if is_dir and not kind.dir_okay:
        return "path-is-folder"
    if not is_dir and not kind.file_okay:
        return "path-is-file"
    if kind.readable and not os.access(value, os.R_OK):
        return "path-unreadable"
    if kind.writable and not os.access(value, os.W_OK):
        return "path-unwritable"
    return None


def _is_int(value: str) -> bool:
    try:
        int(value)
    except ValueError:
        return False
    return True


def _option_name(param: click.Parameter) -> str:
    """The longest name of an option (``--as-of``), or an argument's metavar."""
    names = [*param.opts, *param.secondary_opts]
    return max(names, key=len) if names else str(param.name)


def _metavar(param: click.Parameter, ctx: click.Context | None) -> str:
    if param.metavar:
        return param.metavar
    if isinstance(param.type, click.Choice):
        return "|".join(str(choice) for choice in param.type.choices)
    return param.make_metavar(ctx) if ctx is not None else str(param.name).upper()


def _param_by_option(command: click.Command, option: str) -> click.Parameter | None:
    return next((p for p in command.params if option in (*p.opts, *p.secondary_opts)), None)


def given_values(words: Sequence[str], names: Sequence[str]) -> list[str]:
    """Every value given to an option of ``names`` (``--x V`` or ``--x=V``); an option
    given last without a value gives ``""``."""
    found = []
    for number, word in enumerate(words):
        if word == "--":
            break
        if word in names:
            found.append(words[number + 1] if number + 1 < len(words) else "")
            continue
        name, sep, value = word.partition("=")
        if sep and name in names:
            found.append(value)
    return found


def command_line_language(words: Sequence[str]) -> tuple[str | None, str | None]:
    """(the language ``--language`` names, the value given when it names none)."""
    values = given_values(words, ("--language",))
    if not values:
        return None, None
    if values[-1] in LANGUAGES:
        return values[-1], None
    # ``--language --xlsx a``: the next option is no language, the value is missing
    return None, "" if values[-1].startswith("-") else values[-1]


def settings_language(name: str, command: click.Command, words: Sequence[str]) -> str | None:
    """The language of the settings file the command reads, if it has one and it can be read
    (a file that cannot is the command's own error to say, once it runs)."""
    from .settings import find_settings, load_settings

    if not any(param.name == "config" for param in command.params):
        return None
    named = given_values(words, ("--config",))
    path: Path | None = Path(named[-1]) if named and named[-1] else None
    if path is None and (name in FINDS_SETTINGS or (name == "run" and _has(words, "--job"))):
        path = find_settings()
    if path is None:
        return None
    from jobs.methodical_work import JOB

    try:
        return load_settings(path, JOB.policy).language
    except (SheetsSyncError, OSError, ValueError):
        return None


def _has(words: Sequence[str], option: str) -> bool:
    return any(word == option or word.startswith(f"{option}=") for word in words)
