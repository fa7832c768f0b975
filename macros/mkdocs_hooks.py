"""MkDocs hooks (listed under `hooks:` in mkdocs.yml): load the data, add generated pages, watch data/.

Thin glue only: loading and rendering live in the rest of the package.
"""

from __future__ import annotations

import logging
import time

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from macros.build import BuildSettings, get_context
from macros.problems import DataError
from macros.render.generated import generated_files, generated_pages
from macros.render.monthly_page import monthly_files

log = logging.getLogger("mkdocs.plugins.escalation")
_settings: dict[str, BuildSettings] = {}


def on_config(config):
    settings = BuildSettings.from_config(config.config_file_path, config.extra)
    _settings["current"] = settings
    try:
        get_context(settings)
    except DataError as exc:
        raise PluginError("The escalation data has errors:\n" + exc.report()) from None
    return config


def on_files(files, config):
    context = get_context(_settings["current"])
    started = time.perf_counter()
    pages = generated_pages(context) + monthly_files(context, _settings["current"].root)
    for page in pages:
        files.append(File.generated(config, page.src_uri, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV))
    for extra in generated_files(context):
        files.append(File.generated(config, extra.src_uri, content=extra.content))
    log.info("escalation: generated %s pages in %.1f s", f"{len(pages):,}", time.perf_counter() - started)
    return files


def on_serve(server, config, builder):
    server.watch(str(_settings["current"].data_dir))
    return server
