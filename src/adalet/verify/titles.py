"""Each finding's title, as the report and the command print it."""

CHECK_TITLES: dict[str, str] = {
    "integrity": "Original altered or missing",
    "id_checksum": "ID number check digit wrong",
    "id_format": "ID number malformed",
    "id_birth_date": "Impossible birth date in ID number",
    "id_region": "Region code unknown, abolished before birth, or newer than the archive",
    "id_region_replaced": "Region code since replaced (context)",
    "id_address": "Region code disagrees with the address",
    "id_stated_birth_date": "Stated birth date disagrees with the ID number",
    "id_stated_sex": "Stated sex disagrees with the ID number",
    "id_old_style": "Old-style 15-digit ID number",
    "cell_unreadable": "Cell not readable exactly",
    "impossible_age": "Impossible age",
    "impossible_date": "Impossible order of dates",
    "date_after_archive": "Date after the archive's date",
    "clock_outlier": "Time far from all other files' times (context)",
    "dates_not_judged": "Dates not compared with the archive's date: no time bounds them (context)",
    "id_conflict": "One ID number, two people",
    "exif_missing": "No EXIF",
    "exif_time_mismatch": "Capture time disagrees with the file name",
    "exif_editor": "Saved by an image editor",
    "exif_camera_clock": "A camera's clock (context)",
    "exif_time_order": "Capture times out of order for one camera",
    "near_duplicate": "Near-duplicate image",
    "photo_without_record": "Photo with no record",
}


def title(name: str) -> str:
    return CHECK_TITLES.get(name, name)
