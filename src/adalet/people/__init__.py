"""People in the records: detainees, facilities, detentions, relatives, officials' posts, and photo links."""
