"""Cross-script person-name matching for Adalet (pure Python, no Django).

Links one person's name across Chinese characters (simplified or traditional),
pinyin and Wade-Giles, Uyghur names transcribed into characters
(艾尔肯·吐尼亚孜), Uyghur Arabic script (ئەركىن تۇنىياز) and Latin script
("TUNIYAZ, Erkin").

Public API::

    from adalet.names import compare, variants, blocking_keys, detect_script

    m = compare("陈全国", "CHEN, Quanguo")
    m.score          # 0..1
    m.explanation    # which derived forms matched, and why

The design follows OpenSanctions' rigour/nomenklatura: tables live in data
files (``data/*.txt``), scoring is small pure functions, every name is
analysed once (cached) into :class:`~adalet.names.forms.Form` objects.
"""

from adalet.names.analysed import compare_analysed
from adalet.names.blocking import blocking_keys
from adalet.names.forms import Analysis, Form, Part, analyse, variants
from adalet.names.han import ConverterUnavailable
from adalet.names.linkage import Link, LinkRecord, LinkStats, link
from adalet.names.score import Match, compare
from adalet.names.script import NameKind, detect_script

__all__ = [
    "Analysis",
    "ConverterUnavailable",
    "Form",
    "Link",
    "LinkRecord",
    "LinkStats",
    "Match",
    "NameKind",
    "Part",
    "analyse",
    "blocking_keys",
    "compare",
    "compare_analysed",
    "detect_script",
    "link",
    "variants",
]
