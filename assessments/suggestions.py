"""Suggestions offered to Office staff on forms and used by the demo: not rules of the Act."""

DEFAULT_COMMENT_ADDRESS = "The Director, Greenhouse Office, GPO Box 787, Canberra ACT 2601"

# s33(1)(b)(ii) needs a daily newspaper circulating in each affected State or Territory; one each.
DAILY_NEWSPAPERS = {
    "ACT": "The Canberra Times",
    "NSW": "The Sydney Morning Herald",
    "NT": "NT News",
    "QLD": "The Courier-Mail",
    "SA": "The Advertiser",
    "TAS": "The Mercury",
    "VIC": "The Age",
    "WA": "The West Australian",
}
