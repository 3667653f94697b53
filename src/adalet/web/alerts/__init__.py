"""Alerts (issue 21): a signed-in user watches an official, a facility or a saved search (`web.models.Watch`) and is
told what is new: in the workspace (/workspace/watches/, web.workspace.watches) and, for the watches they ask it of,
by email (`adalet alerts send`, and a task queued after every sanctions list or registry update).

`changes` says what is new for one watch between two marks, read through the owning apps' functions
(`adalet.sanctions.watching`, `adalet.people.watching`, the saved searches' own search), for one viewer: what the
viewer may not open is not counted and what they may see is masked as the site masks it. `digest` sends one email per
user of what is new since the last one, with titles, counts and links only.
"""
