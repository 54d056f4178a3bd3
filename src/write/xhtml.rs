//! XHTML: an EPUB 3 content document.
