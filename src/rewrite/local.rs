//! The one lol_html pass: local rewrites decided on the spot.
