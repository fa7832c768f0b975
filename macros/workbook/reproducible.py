"""Save workbooks so that equal content gives equal bytes (the sample, demo data and the template workbook).

``Workbook.save`` stamps the document's ``modified`` property and every zip entry with the current time (or, in
write-only mode, a temporary file's time). Both are replaced by the ``modified`` time the workbook carried before
saving, or ``default`` when it carried none.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.xml.functions import tostring

_CORE_PROPERTIES = "docProps/core.xml"


def workbook_bytes(workbook: Workbook, default: dt.datetime = dt.datetime(1980, 1, 1)) -> bytes:
    stamp = workbook.properties.modified or default
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    buffer = io.BytesIO()
    workbook.save(buffer)
    workbook.properties.modified = stamp
    core = tostring(workbook.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, core if info.filename == _CORE_PROPERTIES else source.read(info.filename))
    return out.getvalue()
