"""Command line: ``python -m audio prebuild | export-pack | import-pack``.

    python -m audio prebuild [--dry-run] [--engine gtts|espeak] [--upgrade] [--workers N] [--content DIR]
    python -m audio export-pack -o parlez-audio.zip
    python -m audio import-pack parlez-audio.zip

The cache directory and the engine chain come from the settings (PARLEZ_AUDIO_DIR, PARLEZ_TTS…).
Exit status: 0 on success, 1 when some clips failed, 2 when the command could not run (bad pack…).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from audio.engines import ENGINE_NAMES
from audio.pack import PackError, export_pack, import_pack
from audio.prebuild import prebuild
from audio.radio import NOISE_LEVELS, radio_clip
from audio.service import build_service
from audio.texts import course_texts, radio_texts
from config import settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.CRITICAL if args.command == "prebuild" else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m audio", description="Parlez audio cache tools.")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("prebuild", help="make every clip the course and glossary need (both speeds)")
    build.add_argument("--dry-run", action="store_true", help="count cached and missing clips, make nothing")
    build.add_argument("--engine", choices=ENGINE_NAMES, help="make missing clips with this engine only")
    build.add_argument(
        "--upgrade", action="store_true", help="replace espeak-ng clips by gTTS ones when online"
    )
    build.add_argument("--workers", type=_positive, default=min(8, os.cpu_count() or 4), help="threads")
    build.add_argument("--content", type=Path, help="content directory (default: PARLEZ_CONTENT_DIR)")
    build.set_defaults(run=_prebuild)

    export = commands.add_parser("export-pack", help="write the whole cache to one zip with a manifest")
    export.add_argument("-o", "--output", type=Path, required=True, help="zip file to write")
    export.set_defaults(run=_export)

    load = commands.add_parser("import-pack", help="load a pack made by export-pack into the cache")
    load.add_argument("archive", type=Path, help="zip file made by export-pack")
    load.set_defaults(run=_import)
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _course_texts(content_dir) -> tuple[list[str], list[str]]:
    """Every French text of the course and glossary in ``content_dir``, and the radio messages. (An entry
    point: it may load the whole content library, which the audio package itself never imports.)"""
    from library.content import load_library

    content = load_library(Path(content_dir))
    return course_texts(content.manual, content.glossary), radio_texts(content.manual)


def _prebuild(args: argparse.Namespace) -> int:
    config = settings()
    chain = list(config.tts_chain)
    if args.engine and args.engine not in chain:
        chain.append(args.engine)
    service = build_service(
        config.audio_dir, chain, gtts_timeout_s=config.gtts_timeout_s, gtts_cooldown_s=config.gtts_cooldown_s
    )
    content_dir = args.content or config.content_dir
    try:
        texts, radio_messages = _course_texts(content_dir)
    except ImportError as error:
        print(f"error: the course loaders are not available ({error})", file=sys.stderr)
        return 2
    except Exception as error:
        print(f"error: cannot read the course in {content_dir}: {error}", file=sys.stderr)
        return 2
    engines = service.available_engines()
    chain_text = ",".join(service.available_names()) or "none"
    print(
        f"{len(texts)} texts, {2 * len(texts)} clips; cache {service.cache_dir}; "
        f"chain {chain_text} (available now: {','.join(engines) or 'none'})",
        file=sys.stderr,
    )
    if not args.dry_run and not engines:
        print("warning: no engine is available; only cached clips will count", file=sys.stderr)
    summary = prebuild(
        service, texts, workers=args.workers, engine=args.engine, upgrade=args.upgrade, dry_run=args.dry_run
    )
    for failure in summary.failures:
        print(f"failed: {failure}", file=sys.stderr)
    if radio_messages and not args.dry_run:
        made = sum(
            radio_clip(service, text, level) is not None for text in radio_messages for level in NOISE_LEVELS
        )
        print(f"radio clips: {made} of {len(radio_messages) * len(NOISE_LEVELS)}", file=sys.stderr)
    print(summary.line())
    return 1 if summary.failed else 0


def _export(args: argparse.Namespace) -> int:
    cache_dir = settings().audio_dir
    count = export_pack(cache_dir, args.output)
    size = args.output.stat().st_size
    print(f"exported {count} clips from {cache_dir} to {args.output} ({size / 1_000_000:.1f} MB)")
    return 0


def _import(args: argparse.Namespace) -> int:
    cache_dir = settings().audio_dir
    try:
        report = import_pack(cache_dir, args.archive)
    except PackError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    print(f"imported {report.imported} clips into {cache_dir} ({report.already_cached} already cached)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
