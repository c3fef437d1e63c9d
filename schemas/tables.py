"""Table models. Each column's Arrow type lives in the Field's metadata
(``{"arrow": …}``); keys and the table description in ``Config.metadata``."""

from __future__ import annotations

from typing import Any

from schemas.nodask import keep_pandera_off_dask

keep_pandera_off_dask()  # before pandera is imported

import pandas as pd  # noqa: E402
import pandera.pandas as pa  # noqa: E402
from pandera.typing import Series  # noqa: E402

COMPARATORS = ["eq", "gt", "ge", "lt", "le", "approx", "range"]
MEASURES = ["level", "growth"]
DIRECTIONS = ["up", "down"]
QUOTES = ["direct", "indirect", "mixed"]
ATTRIBUTIONS = ["explicit", "pronoun", "continuation"]
SPEAKER_KINDS = ["person", "outlet"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "gb18030"]
UNITS = [
    "CNY",
    "USD",
    "percent",
    "percentage_point",
    "count",
    "m2",
    "km",
    "mu",
    "hectare",
    "tonnes",
    "jin",
    "kWh",
    "minute",
    "month",
    "year",
    "multiple",
    "ratio",
    "score",
    "ug",
    "mg",
    "g",
    "kg",
    "m",
    "m3",
    "km2",
    "kW",
    "MW",
    "TEU",
    "EUR",
    "HKD",
    "JPY",
    "day",
    "hour",
    "person",
]
UNIT_PATTERN = r"^(" + "|".join(UNITS) + r")(/[A-Za-z][A-Za-z0-9_]*)?$"
ID_PATTERN = r"^[a-z]{1,2}_[0-9a-f]{16}$"
PUBLISHED_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

STRING, INT, FLOAT, STRINGS = "string", "int64", "float64", "list<string>"


def col(arrow: str, description: str, **kwargs: Any) -> Any:
    """A pandera Field that also records the column's Arrow type."""
    kwargs.setdefault("nullable", False)
    return pa.Field(description=description, metadata={"arrow": arrow}, **kwargs)


def _id(description: str, **kwargs: Any) -> Any:
    return col(STRING, description, str_matches=ID_PATTERN, **kwargs)


class DocumentsModel(pa.DataFrameModel):
    doc_id: Series[pd.StringDtype] = _id("Stable id of the document, hashed from its `source` path.", unique=True)
    source: Series[pd.StringDtype] = col(
        STRING, "Path of the input file relative to the seeds folder, `/` separators.", unique=True
    )
    title: Series[pd.StringDtype] = col(
        STRING,
        "Title from the sidecar, else the first line of the cleaned text (page chrome already dropped).",
        nullable=True,
    )
    outlet: Series[pd.StringDtype] = col(
        STRING, "Publishing outlet (newspaper, agency, government), from the sidecar.", nullable=True
    )
    published: Series[pd.StringDtype] = col(
        STRING,
        "Publication date as given: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.",
        nullable=True,
        str_matches=PUBLISHED_PATTERN,
    )
    year: Series[pd.Int64Dtype] = col(
        INT,
        "Publication year; relative years (今年, 去年) are resolved against it.",
        nullable=True,
        in_range={"min_value": 1949, "max_value": 2100},
    )
    jurisdiction: Series[pd.StringDtype] = col(
        STRING,
        "For a government work report (or an excerpt of one): the place whose government reports (北京市, 广西壮族自治区), read from the sidecar's title or outlet, else the opening lines (我代表X人民政府…) or the session line; null for other documents and when no place is named. In such a report, goals and facts take it as their subject unless a named body (省属企业, 上海港) owns the figure.",
        nullable=True,
    )
    url: Series[pd.StringDtype] = col(STRING, "Where the document was published, from the sidecar.", nullable=True)
    license: Series[pd.StringDtype] = col(STRING, "Licence of the source text, from the sidecar.", nullable=True)
    language: Series[pd.StringDtype] = col(
        STRING, "BCP 47 language tag (zh-Hans, zh-Hant), from the sidecar.", nullable=True
    )
    encoding: Series[pd.StringDtype] = col(STRING, "Encoding the raw bytes were decoded from.", isin=ENCODINGS)
    sha256: Series[pd.StringDtype] = col(STRING, "SHA-256 of the raw input bytes.", str_matches=r"^[0-9a-f]{64}$")
    n_chars: Series[pd.Int64Dtype] = col(INT, "Length of `text` in characters.", ge=0)
    text: Series[pd.StringDtype] = col(
        STRING,
        "Cleaned text (layout repaired, characters as written); all offsets point into it. Web page chrome is dropped before the first line of running text and after the last (下载 / 打印 / 全屏 / 收藏 / 【字号：加大 还原 减小】 buttons, breadcrumbs, 来源：… / 时间：… labels, 相关报道：, 分享到); nothing inside the body is touched.",
    )
    fetched_at: Series[pd.StringDtype] = col(
        STRING,
        "When `lianghui fetch` received the document (WARC-Date, UTC), from the sidecar; null for files given as seeds.",
        nullable=True,
    )
    warc_record_id: Series[pd.StringDtype] = col(
        STRING,
        "WARC-Record-ID of the archived response (or corpus file) the document was made from (`data/raw/`), from the sidecar.",
        nullable=True,
    )

    class Config:
        strict = True
        coerce = True
        metadata = {
            "title": "Documents",
            "description": "One row per published input document, with its cleaned text.",
            "primary_key": ["doc_id"],
            "foreign_keys": [],
        }


class SpeakersModel(pa.DataFrameModel):
    speaker_id: Series[pd.StringDtype] = _id(
        "Stable id of the person, hashed from name and titles: one id per person across documents when both agree.",
        unique=True,
    )
    name: Series[pd.StringDtype] = col(
        STRING, "Name as printed (唐小平), or the outlet's name for interview questions."
    )
    name_pinyin: Series[pd.StringDtype] = col(STRING, "Romanised name, surname first (Tang Xiaoping).", nullable=True)
    kind: Series[pd.StringDtype] = col(
        STRING, "`person`, or `outlet` for a media outlet asking interview questions.", isin=SPEAKER_KINDS
    )
    titles: Series[object] = col(STRINGS, "Every title printed for the speaker, split on 、 and ,, in document order.")
    organization: Series[pd.StringDtype] = col(
        STRING, "Body the speaker leads or belongs to, derived from a title (沙坪坝区委).", nullable=True
    )
    region: Series[pd.StringDtype] = col(
        STRING, "District, county or city the speaker's office governs, as printed (沙坪坝区).", nullable=True
    )

    class Config:
        strict = True
        coerce = True
        metadata = {
            "title": "Speakers",
            "description": "People (and outlets) to whom at least one statement is attributed.",
            "primary_key": ["speaker_id"],
            "foreign_keys": [],
        }


class StatementsModel(pa.DataFrameModel):
    statement_id: Series[pd.StringDtype] = _id(
        "Stable id, hashed from the document id, the span's text and its occurrence.", unique=True
    )
    doc_id: Series[pd.StringDtype] = _id("Document the statement stands in.")
    speaker_id: Series[pd.StringDtype] = _id("Who is reported as speaking.")
    text: Series[pd.StringDtype] = col(STRING, "The span, equal to `documents.text[char_start:char_end]`.")
    char_start: Series[pd.Int64Dtype] = col(INT, "Start offset (inclusive) into `documents.text`.", ge=0)
    char_end: Series[pd.Int64Dtype] = col(INT, "End offset (exclusive) into `documents.text`.", ge=1)
    quote: Series[pd.StringDtype] = col(
        STRING, "`direct` (only quoted words), `indirect` (only reported speech) or `mixed`.", isin=QUOTES
    )
    cue: Series[pd.StringDtype] = col(
        STRING, "Reporting verb as printed (表示, 说, 介绍 …); null for continuations and labels.", nullable=True
    )
    attribution: Series[pd.StringDtype] = col(
        STRING, "`explicit` (speaker named), `pronoun` (他/她表示) or `continuation`.", isin=ATTRIBUTIONS
    )
    section: Series[pd.StringDtype] = col(
        STRING, "Nearest heading above the statement (cross-head or headline).", nullable=True
    )

    class Config:
        strict = True
        coerce = True
        metadata = {
            "title": "Statements",
            "description": "Direct and indirect speech, one row per speaker per paragraph.",
            "primary_key": ["statement_id"],
            "foreign_keys": [
                {"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}},
                {"fields": ["speaker_id"], "reference": {"resource": "speakers", "fields": ["speaker_id"]}},
            ],
        }


def _quantity_fields(year_column: str, year_description: str) -> dict[str, Any]:
    return {
        "doc_id": _id("Document the figure stands in."),
        "statement_id": _id(
            "Statement whose span holds the figure; null when it is not in a statement.", nullable=True
        ),
        "speaker_id": _id("Speaker of that statement; null for report text and narration.", nullable=True),
        "text": col(
            STRING, "The span (metric, qualifier, number, unit), equal to `documents.text[char_start:char_end]`."
        ),
        "char_start": col(INT, "Start offset (inclusive) into `documents.text`.", ge=0),
        "char_end": col(INT, "End offset (exclusive) into `documents.text`.", ge=1),
        "value": col(FLOAT, "The number as written, as a float (150, 7, 196.5); the low end of a range."),
        "value_high": col(FLOAT, "High end of a range, else null.", nullable=True),
        "unit_text": col(
            STRING, "Unit as written after the number, multiplier included (亿元, %, 家, 万平方米).", nullable=True
        ),
        "value_normalized": col(
            FLOAT, "`value` with multipliers applied (万 1e4, 亿 1e8 …), never unit conversions; % stays as is."
        ),
        "value_high_normalized": col(FLOAT, "`value_high` normalized the same way.", nullable=True),
        "unit": col(
            STRING,
            "Base unit: CNY, USD, percent, percentage_point, count, m2, km, mu, … (a denominator is kept: CNY/person).",
            str_matches=UNIT_PATTERN,
        ),
        "comparator": col(
            STRING, "eq, gt (超过, 余), ge (以上), lt, le (以内), approx (约, 左右) or range.", isin=COMPARATORS
        ),
        "measure": col(STRING, "`growth` for a rate of change (增长7%), else `level`.", isin=MEASURES),
        "direction": col(STRING, "`up` or `down` for growth, null for levels.", nullable=True, isin=DIRECTIONS),
        "metric": col(STRING, "Shortest phrase naming what is measured (地区生产总值).", nullable=True),
        "subject": col(STRING, "Place or body whose figure it is (奉节, 全省, 市农投集团).", nullable=True),
        year_column: col(INT, year_description, nullable=True, in_range={"min_value": 1949, "max_value": 2100}),
        "horizon": col(STRING, "The time phrase as written (全年, 五年后, 2023年, 去年), or null.", nullable=True),
    }


_FK_QUANTITY = [
    {"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}},
    {"fields": ["statement_id"], "reference": {"resource": "statements", "fields": ["statement_id"]}},
    {"fields": ["speaker_id"], "reference": {"resource": "speakers", "fields": ["speaker_id"]}},
]

_goal_fields = _quantity_fields(
    "target_year", "Year by which the goal is due (全年 → publication year, 五年后 → +5), or null."
)
_fact_fields = _quantity_fields(
    "year", "Year the figure refers to (去年 → publication year - 1); null for present-tense and multi-year figures."
)
_ANN = {STRING: Series[pd.StringDtype], INT: Series[pd.Int64Dtype], FLOAT: Series[float], STRINGS: Series[object]}


def _model(
    name: str, id_column: str, id_description: str, fields: dict[str, Any], meta: dict[str, Any]
) -> type[pa.DataFrameModel]:
    ordered = {id_column: _id(id_description, unique=True), **fields}
    ns: dict[str, Any] = {"__annotations__": {k: _ANN[v.metadata["arrow"]] for k, v in ordered.items()}, **ordered}
    ns["Config"] = type("Config", (), {"strict": True, "coerce": True, "metadata": meta})
    return type(name, (pa.DataFrameModel,), ns)


GoalsModel = _model(
    "GoalsModel",
    "goal_id",
    "Stable id, hashed from the document id, the span and the metric.",
    _goal_fields,
    {
        "title": "Goals",
        "description": "Forward-looking numeric targets: one row per number and metric.",
        "primary_key": ["goal_id"],
        "foreign_keys": _FK_QUANTITY,
    },
)
FactsModel = _model(
    "FactsModel",
    "fact_id",
    "Stable id, hashed from the document id, the span and the metric.",
    _fact_fields,
    {
        "title": "Facts",
        "description": "Past or present figures reported as fact: one row per number and metric.",
        "primary_key": ["fact_id"],
        "foreign_keys": _FK_QUANTITY,
    },
)


class WarningsModel(pa.DataFrameModel):
    warning_id: Series[pd.StringDtype] = _id(
        "Stable id, hashed from the document id, the kind and the span's text.", unique=True
    )
    doc_id: Series[pd.StringDtype] = _id("Document the warning is about.")
    kind: Series[pd.StringDtype] = col(
        STRING,
        "`unattributed_quote` (a quotation no statement covers) or `figure_not_extracted` (a figure with a unit no goal or fact covers).",
        isin=["unattributed_quote", "figure_not_extracted"],
    )
    text: Series[pd.StringDtype] = col(STRING, "The span, equal to `documents.text[char_start:char_end]`.")
    char_start: Series[pd.Int64Dtype] = col(INT, "Start offset (inclusive) into `documents.text`.", ge=0)
    char_end: Series[pd.Int64Dtype] = col(INT, "End offset (exclusive) into `documents.text`.", ge=1)
    message: Series[pd.StringDtype] = col(STRING, "What the extractors did not understand here.")

    class Config:
        strict = True
        coerce = True
        metadata = {
            "title": "Warnings",
            "description": "Places that look like speech or figures but that no row covers: published for review, not errors.",
            "primary_key": ["warning_id"],
            "foreign_keys": [{"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}}],
        }


MODELS: dict[str, type[pa.DataFrameModel]] = {
    "documents": DocumentsModel,
    "speakers": SpeakersModel,
    "statements": StatementsModel,
    "goals": GoalsModel,
    "facts": FactsModel,
    "warnings": WarningsModel,
}


# Read from the models as plain data (and cached per machine) by schemas.contract.
from schemas.contract import ColumnSpec, arrow_schema, column_specs, table_meta  # noqa: E402, F401
