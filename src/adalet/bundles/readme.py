"""The README.md of a bundle and of a record extract: what it is and how to check it, in English, Uyghur (Arabic
script) and Chinese. It prints the signing key on a line of its own ("Signing key: ..."), which the verifier reads
and compares with bag-info.txt; compare it too with the key Adalet publishes on its site."""

from __future__ import annotations

BUNDLE = """\
# {title}

Signing key: {key}

Checkpoint: {size} leaves, root {root_hex} ({origin})

## English

This folder is a publication bundle of Adalet, a BagIt bag (RFC 8493). `data/` holds what the collection
"{collection}" publishes, and only what a visitor of the public site may see of it: its records as JSON lines
(`data/records.jsonl`; ID numbers and addresses are never included), the files a visitor may have, as originals or
as redacted derivatives (`data/files.jsonl` says how each was derived, with which tool and version), and a
salted-hash commitment for every item (`data/commitments.jsonl`), so that an item withheld now can later be proven
to have been here. Every line of those three files is one leaf of a Merkle tree (RFC 9162); its root is signed in
`merkle/checkpoint.txt` with the Ed25519 key above. `custody/extract.jsonl` is the part of the chain of custody that
concerns this collection (when, what, which published items); the checkpoint signs its SHA-256 too.

To check it, with Python 3 and the `cryptography` package only (no network needed):

    pip install cryptography
    python verify/verify.py .                        # this bundle
    python verify/verify.py . --previous OLD_BUNDLE  # and that it only appended to an older bundle
    python verify/verify.py . --key "KEY"            # with the key as you hold it from elsewhere

It prints OK and exits 0, or names the file that was changed, added or removed and exits 1. Compare the signing key
above with the one published on Adalet's site or quoted in a filing. Whoever altered a bundle could alter its
verifier too: run a copy of verify.py you hold from elsewhere (Adalet's source: `src/adalet/bundles/verifier.py`),
or compare the SHA-256 of `verify/verify.py` with the one Adalet's site shows beside the bundle.

When `timestamps/` is there, independent timestamp authorities (RFC 3161) signed that the checkpoint existed at the
time they state (`timestamps/stamps.json`). Check each with OpenSSL, against the authority's own certificate (a copy
of the ones used is `timestamps/tsa-certificates.pem`; compare it with the authority's):

    openssl ts -verify -data merkle/checkpoint.txt -in timestamps/1.tsr -CAfile timestamps/tsa-certificates.pem

## ئۇيغۇرچە

بۇ قىسقۇچ ئادالەتنىڭ ئېلان قىلىش بوغچىسى بولۇپ، BagIt (RFC 8493) شەكلىدە. `data/` ئىچىدە "{collection}" توپلىمىنىڭ
ئاممىۋى تور بېكەتتە زىيارەتچىلەرگە كۆرسىتىلىدىغان مەزمۇنىلا بار: خاتىرىلەر JSON قۇرلىرى شەكلىدە
(`data/records.jsonl`؛ كىملىك نومۇرى ۋە ئادرېس ھەرگىز كىرگۈزۈلمەيدۇ)، زىيارەتچىگە بېرىشكە بولىدىغان ھۆججەتلەر
(ئەسلى ياكى شەخسىي ئۇچۇرى يېپىلغان نۇسخىسى؛ ھەر بىرىنىڭ قانداق ياسالغانلىقى `data/files.jsonl` دا)، ۋە ھەر بىر
ماتېرىيال ئۈچۈن تۇزلانغان خەش ۋەدىسى (`data/commitments.jsonl`). بۇ ئۈچ ھۆججەتنىڭ ھەر بىر قۇرى Merkle دەرىخىنىڭ
(RFC 9162) بىر يوپۇرمىقى؛ دەرەخنىڭ يىلتىزى يۇقىرىدىكى Ed25519 ئاچقۇچى بىلەن `merkle/checkpoint.txt` دا
ئىمزالانغان.

تەكشۈرۈش ئۈچۈن پەقەت Python 3 ۋە `cryptography` بولاق كېرەك (تور كېرەك ئەمەس):

    pip install cryptography
    python verify/verify.py .

ھەممىسى توغرا بولسا OK دەپ چىقىدۇ (0)؛ بىرەر بايت ياكى ھۆججەت ئۆزگەرتىلگەن، قوشۇلغان ياكى ئۆچۈرۈلگەن بولسا، شۇ
ھۆججەتنىڭ نامىنى ئېيتىدۇ (1). يۇقىرىدىكى ئىمزا ئاچقۇچىنى ئادالەت تور بېكىتىدە ئېلان قىلىنغان ئاچقۇچ بىلەن سېلىشتۇرۇڭ.

## 中文

本文件夹是 Adalet 的发布包，采用 BagIt（RFC 8493）格式。`data/` 中只包含"{collection}"这一资料集已公开、且公共网站访客可以
看到的内容：以 JSON 行保存的记录（`data/records.jsonl`；绝不包含身份证号码和住址）、访客可获取的文件（原件或经脱敏处理的衍生
文件，`data/files.jsonl` 说明每个文件的来源、所用工具及版本），以及每个条目的加盐哈希承诺（`data/commitments.jsonl`），
以便日后证明当时未公开的条目早已包含在内。这三个文件的每一行都是一棵 Merkle 树（RFC 9162）的叶子；树根由上面的 Ed25519
密钥签名，保存在 `merkle/checkpoint.txt`。

核验只需 Python 3 和 `cryptography` 包（无需联网）：

    pip install cryptography
    python verify/verify.py .

全部无误时输出 OK 并以 0 退出；任何字节或文件被修改、添加或删除时，指出该文件并以 1 退出。请将上面的签名密钥与 Adalet
网站公布的密钥核对。
"""

EXTRACT = """\
# {title}

Signing key: {key}

Checkpoint: {size} leaves, root {root_hex} ({origin})

## English

One record of the collection "{collection}" (`data/record.jsonl`, leaf {leaf} of the bundle's Merkle tree), with its
inclusion proof (`merkle/inclusion.json`, RFC 9162) and the checkpoint signed with the key above. It proves that this
record, exactly as written, is in the published bundle, without the rest of it. Check it with Python 3 and the
`cryptography` package only: `pip install cryptography`, then `python verify.py .` (OK and exit 0, or the file that
was changed and exit 1). Compare the signing key with the one published on Adalet's site. When `timestamps/` is
there, timestamp authorities (RFC 3161) signed that the checkpoint existed at the time they state: `openssl ts -verify
-data merkle/checkpoint.txt -in timestamps/1.tsr -CAfile timestamps/tsa-certificates.pem` checks one.

## ئۇيغۇرچە

"{collection}" توپلىمىدىكى بىر خاتىرە (`data/record.jsonl`)، ئۇنىڭ Merkle دەرىخىگە كىرگەنلىكىنىڭ ئىسپاتى
(`merkle/inclusion.json`) ۋە يۇقىرىدىكى ئاچقۇچ بىلەن ئىمزالانغان تەكشۈرۈش نۇقتىسى. بۇ خاتىرىنىڭ ئېلان قىلىنغان
بوغچىدا دەل مۇشۇ شەكىلدە بارلىقىنى، قالغانلىرىنى ئاشكارىلىماي ئىسپاتلايدۇ. تەكشۈرۈش: `pip install cryptography`،
ئاندىن `python verify.py .`.

## 中文

"{collection}"资料集中的一条记录（`data/record.jsonl`），附其 Merkle 树包含证明（`merkle/inclusion.json`，RFC 9162）
和由上面密钥签名的检查点。它证明这条记录原样存在于已发布的数据包中，而无需公开其余内容。核验：`pip install cryptography`，
然后运行 `python verify.py .`。
"""


def bundle_readme(collection: str, key: str, size: int, root_hex: str, origin: str) -> str:
    title = f"Adalet publication bundle: {collection}"
    return BUNDLE.format(title=title, collection=collection, key=key, size=size, root_hex=root_hex, origin=origin)


def extract_readme(collection: str, key: str, size: int, root_hex: str, origin: str, leaf: int) -> str:
    title = f"Adalet record extract: {collection}, leaf {leaf}"
    return EXTRACT.format(title=title, collection=collection, key=key, size=size, root_hex=root_hex, origin=origin,
                          leaf=leaf)
