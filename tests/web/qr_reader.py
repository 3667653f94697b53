"""A reader of QR codes as a test needs one: byte mode, error correction level M, versions 1 to 10, read from a
module matrix without errors (no Reed-Solomon correction: the data codewords are taken as they are). The mask is
found by trying the eight: only the right one gives a byte-mode header, a length that fits and the standard padding."""

from __future__ import annotations

# Error correction level M: (blocks, data codewords per block) groups, per version (ISO/IEC 18004, table 9).
BLOCKS_M = {
    1: [(1, 16)],
    2: [(1, 28)],
    3: [(1, 44)],
    4: [(2, 32)],
    5: [(2, 43)],
    6: [(4, 27)],
    7: [(4, 31)],
    8: [(2, 38), (2, 39)],
    9: [(3, 36), (2, 37)],
    10: [(4, 43), (1, 44)],
}
ALIGNMENT = {
    1: [],
    2: [6, 18],
    3: [6, 22],
    4: [6, 26],
    5: [6, 30],
    6: [6, 34],
    7: [6, 22, 38],
    8: [6, 24, 42],
    9: [6, 26, 46],
    10: [6, 28, 50],
}
MASKS = [
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
]


def _reserved(version: int) -> set[tuple[int, int]]:
    size = 17 + 4 * version
    taken: set[tuple[int, int]] = set()
    for top, left in ((0, 0), (0, size - 8), (size - 8, 0)):  # finders with their separators
        taken |= {(r, c) for r in range(top, top + 8) for c in range(left, left + 8)}
    taken |= {(6, k) for k in range(size)} | {(k, 6) for k in range(size)}  # timing
    centres = ALIGNMENT[version]
    for r in centres:
        for c in centres:
            if (r, c) in ((6, 6), (6, size - 7), (size - 7, 6)):
                continue
            taken |= {(r + dr, c + dc) for dr in range(-2, 3) for dc in range(-2, 3)}
    taken |= {(8, k) for k in range(9)} | {(k, 8) for k in range(9)}  # format, around the top-left finder
    taken |= {(8, size - 1 - k) for k in range(8)} | {(size - 1 - k, 8) for k in range(8)}  # its copy, dark module
    if version >= 7:  # version information
        taken |= {(r, c) for r in range(size - 11, size - 8) for c in range(6)}
        taken |= {(r, c) for r in range(6) for c in range(size - 11, size - 8)}
    return taken


def _bits(matrix: list[list[bool]], version: int, mask: int) -> list[int]:
    size = len(matrix)
    reserved = _reserved(version)
    bits = []
    column, upward = size - 1, True
    while column > 0:
        if column == 6:
            column -= 1
        rows = range(size - 1, -1, -1) if upward else range(size)
        for r in rows:
            for c in (column, column - 1):
                if (r, c) not in reserved:
                    bits.append(int(matrix[r][c] ^ MASKS[mask](r, c)))
        column, upward = column - 2, not upward
    return bits


def _data(codewords: list[int], version: int) -> list[int]:
    sizes = [n for count, n in BLOCKS_M[version] for _ in range(count)]
    blocks: list[list[int]] = [[] for _ in sizes]
    position = 0
    for k in range(max(sizes)):  # the data codewords are interleaved block by block
        for b, n in enumerate(sizes):
            if k < n:
                blocks[b].append(codewords[position])
                position += 1
    return [word for block in blocks for word in block]


def decode(matrix: list[list[bool]]) -> str:
    """The text of a byte-mode, level-M QR code (no quiet zone around the matrix)."""
    version = (len(matrix) - 17) // 4
    assert 17 + 4 * version == len(matrix) and version in BLOCKS_M, len(matrix)
    for mask in range(8):
        bits = _bits(matrix, version, mask)
        words = [int("".join(map(str, bits[k : k + 8])), 2) for k in range(0, len(bits) - 7, 8)]
        data = _data(words, version)
        stream = "".join(f"{w:08b}" for w in data)
        if stream[:4] != "0100":
            continue
        length_bits = 8 if version < 10 else 16
        length = int(stream[4 : 4 + length_bits], 2)
        start = 4 + length_bits
        if start + 8 * length + 4 > len(stream):
            continue
        payload = bytes(int(stream[start + 8 * k : start + 8 * k + 8], 2) for k in range(length))
        rest = stream[start + 8 * length :]
        end = 4 + (-(len(stream) - len(rest) + 4)) % 8  # the terminator, then zeros to a byte boundary
        padding = {rest[k : k + 8] for k in range(end, len(rest), 8)}  # pad codewords (segno may add a zero one)
        if rest[:end] == "0" * end and padding <= {"11101100", "00010001", "00000000"}:
            return payload.decode("utf-8")
    raise ValueError("not a byte-mode, level-M QR code this reader knows")
