//! The HTML element names the tree builder treats specially, interned once
//! per tag so that the insertion-mode rules compare small integers, and the
//! element sets of WHATWG HTML § 13.2.4 (scopes, "special", implied ends).

/// A known HTML element name; `Other` for every name the rules do not single
/// out (custom elements, `span`, foreign elements...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum T {
    Other,
    A,
    Address,
    Applet,
    Area,
    Article,
    Aside,
    B,
    Base,
    Basefont,
    Bgsound,
    Big,
    Blockquote,
    Body,
    Br,
    Button,
    Caption,
    Center,
    Code,
    Col,
    Colgroup,
    Dd,
    Details,
    Dialog,
    Dir,
    Div,
    Dl,
    Dt,
    Em,
    Embed,
    Fieldset,
    Figcaption,
    Figure,
    Font,
    Footer,
    Form,
    Frame,
    Frameset,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Head,
    Header,
    Hgroup,
    Hr,
    Html,
    I,
    Iframe,
    Image,
    Img,
    Input,
    Isindex,
    Keygen,
    Li,
    Link,
    Listing,
    Main,
    Marquee,
    Math,
    Menu,
    Meta,
    Nav,
    Nobr,
    Noembed,
    Noframes,
    Noscript,
    Object,
    Ol,
    Optgroup,
    Option,
    P,
    Param,
    Plaintext,
    Pre,
    Rb,
    Rp,
    Rt,
    Rtc,
    Ruby,
    S,
    Script,
    Search,
    Section,
    Select,
    Small,
    Source,
    Span,
    Strike,
    Strong,
    Style,
    Sub,
    Summary,
    Sup,
    Svg,
    Table,
    Tbody,
    Td,
    Template,
    Textarea,
    Tfoot,
    Th,
    Thead,
    Title,
    Tr,
    Track,
    Tt,
    U,
    Ul,
    Var,
    Wbr,
    Xmp,
}

/// Number of [`T`] values (for per-tag counters).
pub const COUNT: usize = T::Xmp as usize + 1;

impl T {
    /// Interns a lower-case HTML tag name.
    pub fn of(name: &str) -> T {
        use T::*;
        match name {
            "a" => A,
            "address" => Address,
            "applet" => Applet,
            "area" => Area,
            "article" => Article,
            "aside" => Aside,
            "b" => B,
            "base" => Base,
            "basefont" => Basefont,
            "bgsound" => Bgsound,
            "big" => Big,
            "blockquote" => Blockquote,
            "body" => Body,
            "br" => Br,
            "button" => Button,
            "caption" => Caption,
            "center" => Center,
            "code" => Code,
            "col" => Col,
            "colgroup" => Colgroup,
            "dd" => Dd,
            "details" => Details,
            "dialog" => Dialog,
            "dir" => Dir,
            "div" => Div,
            "dl" => Dl,
            "dt" => Dt,
            "em" => Em,
            "embed" => Embed,
            "fieldset" => Fieldset,
            "figcaption" => Figcaption,
            "figure" => Figure,
            "font" => Font,
            "footer" => Footer,
            "form" => Form,
            "frame" => Frame,
            "frameset" => Frameset,
            "h1" => H1,
            "h2" => H2,
            "h3" => H3,
            "h4" => H4,
            "h5" => H5,
            "h6" => H6,
            "head" => Head,
            "header" => Header,
            "hgroup" => Hgroup,
            "hr" => Hr,
            "html" => Html,
            "i" => I,
            "iframe" => Iframe,
            "image" => Image,
            "img" => Img,
            "input" => Input,
            "isindex" => Isindex,
            "keygen" => Keygen,
            "li" => Li,
            "link" => Link,
            "listing" => Listing,
            "main" => Main,
            "marquee" => Marquee,
            "math" => Math,
            "menu" => Menu,
            "meta" => Meta,
            "nav" => Nav,
            "nobr" => Nobr,
            "noembed" => Noembed,
            "noframes" => Noframes,
            "noscript" => Noscript,
            "object" => Object,
            "ol" => Ol,
            "optgroup" => Optgroup,
            "option" => Option,
            "p" => P,
            "param" => Param,
            "plaintext" => Plaintext,
            "pre" => Pre,
            "rb" => Rb,
            "rp" => Rp,
            "rt" => Rt,
            "rtc" => Rtc,
            "ruby" => Ruby,
            "s" => S,
            "script" => Script,
            "search" => Search,
            "section" => Section,
            "select" => Select,
            "small" => Small,
            "source" => Source,
            "span" => Span,
            "strike" => Strike,
            "strong" => Strong,
            "style" => Style,
            "sub" => Sub,
            "summary" => Summary,
            "sup" => Sup,
            "svg" => Svg,
            "table" => Table,
            "tbody" => Tbody,
            "td" => Td,
            "template" => Template,
            "textarea" => Textarea,
            "tfoot" => Tfoot,
            "th" => Th,
            "thead" => Thead,
            "title" => Title,
            "tr" => Tr,
            "track" => Track,
            "tt" => Tt,
            "u" => U,
            "ul" => Ul,
            "var" => Var,
            "wbr" => Wbr,
            "xmp" => Xmp,
            _ => Other,
        }
    }

    pub fn is_heading(self) -> bool {
        matches!(self, T::H1 | T::H2 | T::H3 | T::H4 | T::H5 | T::H6)
    }

    /// "Special" elements of § 13.2.4.2, as html5ever lists them (HTML only).
    pub fn is_special(self) -> bool {
        use T::*;
        matches!(
            self,
            Address
                | Applet
                | Area
                | Article
                | Aside
                | Base
                | Basefont
                | Bgsound
                | Blockquote
                | Body
                | Br
                | Button
                | Caption
                | Center
                | Col
                | Colgroup
                | Dd
                | Details
                | Dir
                | Div
                | Dl
                | Dt
                | Embed
                | Fieldset
                | Figcaption
                | Figure
                | Footer
                | Form
                | Frame
                | Frameset
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Head
                | Header
                | Hgroup
                | Hr
                | Html
                | Iframe
                | Img
                | Input
                | Isindex
                | Li
                | Link
                | Listing
                | Main
                | Marquee
                | Menu
                | Meta
                | Nav
                | Noembed
                | Noframes
                | Noscript
                | Object
                | Ol
                | P
                | Param
                | Plaintext
                | Pre
                | Script
                | Section
                | Select
                | Source
                | Style
                | Summary
                | Table
                | Tbody
                | Td
                | Template
                | Textarea
                | Tfoot
                | Th
                | Thead
                | Title
                | Tr
                | Track
                | Ul
                | Wbr
                | Xmp
        )
    }

    /// "Generate implied end tags" (§ 13.2.6.3), the cursory set.
    pub fn has_implied_end(self) -> bool {
        use T::*;
        matches!(
            self,
            Dd | Dt | Li | Option | Optgroup | P | Rb | Rp | Rt | Rtc
        )
    }

    /// "Generate all implied end tags thoroughly".
    pub fn has_thorough_implied_end(self) -> bool {
        use T::*;
        self.has_implied_end()
            || matches!(
                self,
                Caption | Colgroup | Tbody | Td | Tfoot | Th | Thead | Tr
            )
    }

    /// Void elements: never pushed on the stack of open elements.
    #[cfg(test)]
    pub fn is_void(self) -> bool {
        use T::*;
        matches!(
            self,
            Area | Base
                | Basefont
                | Bgsound
                | Br
                | Col
                | Embed
                | Frame
                | Hr
                | Img
                | Input
                | Keygen
                | Link
                | Meta
                | Param
                | Source
                | Track
                | Wbr
        )
    }
}

/// The SVG tag names that HTML5 case-adjusts (§ 13.2.6.5, "adjust SVG tag
/// name"), sorted by the lower-case name for a binary search.
const SVG_TAGS: &[(&str, &str)] = &[
    ("altglyph", "altGlyph"),
    ("altglyphdef", "altGlyphDef"),
    ("altglyphitem", "altGlyphItem"),
    ("animatecolor", "animateColor"),
    ("animatemotion", "animateMotion"),
    ("animatetransform", "animateTransform"),
    ("clippath", "clipPath"),
    ("feblend", "feBlend"),
    ("fecolormatrix", "feColorMatrix"),
    ("fecomponenttransfer", "feComponentTransfer"),
    ("fecomposite", "feComposite"),
    ("feconvolvematrix", "feConvolveMatrix"),
    ("fediffuselighting", "feDiffuseLighting"),
    ("fedisplacementmap", "feDisplacementMap"),
    ("fedistantlight", "feDistantLight"),
    ("fedropshadow", "feDropShadow"),
    ("feflood", "feFlood"),
    ("fefunca", "feFuncA"),
    ("fefuncb", "feFuncB"),
    ("fefuncg", "feFuncG"),
    ("fefuncr", "feFuncR"),
    ("fegaussianblur", "feGaussianBlur"),
    ("feimage", "feImage"),
    ("femerge", "feMerge"),
    ("femergenode", "feMergeNode"),
    ("femorphology", "feMorphology"),
    ("feoffset", "feOffset"),
    ("fepointlight", "fePointLight"),
    ("fespecularlighting", "feSpecularLighting"),
    ("fespotlight", "feSpotLight"),
    ("fetile", "feTile"),
    ("feturbulence", "feTurbulence"),
    ("foreignobject", "foreignObject"),
    ("glyphref", "glyphRef"),
    ("lineargradient", "linearGradient"),
    ("radialgradient", "radialGradient"),
    ("textpath", "textPath"),
];

/// The SVG attribute names that HTML5 case-adjusts ("adjust SVG attributes").
const SVG_ATTRS: &[(&str, &str)] = &[
    ("attributename", "attributeName"),
    ("attributetype", "attributeType"),
    ("basefrequency", "baseFrequency"),
    ("baseprofile", "baseProfile"),
    ("calcmode", "calcMode"),
    ("clippathunits", "clipPathUnits"),
    ("diffuseconstant", "diffuseConstant"),
    ("edgemode", "edgeMode"),
    ("filterunits", "filterUnits"),
    ("glyphref", "glyphRef"),
    ("gradienttransform", "gradientTransform"),
    ("gradientunits", "gradientUnits"),
    ("kernelmatrix", "kernelMatrix"),
    ("kernelunitlength", "kernelUnitLength"),
    ("keypoints", "keyPoints"),
    ("keysplines", "keySplines"),
    ("keytimes", "keyTimes"),
    ("lengthadjust", "lengthAdjust"),
    ("limitingconeangle", "limitingConeAngle"),
    ("markerheight", "markerHeight"),
    ("markerunits", "markerUnits"),
    ("markerwidth", "markerWidth"),
    ("maskcontentunits", "maskContentUnits"),
    ("maskunits", "maskUnits"),
    ("numoctaves", "numOctaves"),
    ("pathlength", "pathLength"),
    ("patterncontentunits", "patternContentUnits"),
    ("patterntransform", "patternTransform"),
    ("patternunits", "patternUnits"),
    ("pointsatx", "pointsAtX"),
    ("pointsaty", "pointsAtY"),
    ("pointsatz", "pointsAtZ"),
    ("preservealpha", "preserveAlpha"),
    ("preserveaspectratio", "preserveAspectRatio"),
    ("primitiveunits", "primitiveUnits"),
    ("refx", "refX"),
    ("refy", "refY"),
    ("repeatcount", "repeatCount"),
    ("repeatdur", "repeatDur"),
    ("requiredextensions", "requiredExtensions"),
    ("requiredfeatures", "requiredFeatures"),
    ("specularconstant", "specularConstant"),
    ("specularexponent", "specularExponent"),
    ("spreadmethod", "spreadMethod"),
    ("startoffset", "startOffset"),
    ("stddeviation", "stdDeviation"),
    ("stitchtiles", "stitchTiles"),
    ("surfacescale", "surfaceScale"),
    ("systemlanguage", "systemLanguage"),
    ("tablevalues", "tableValues"),
    ("targetx", "targetX"),
    ("targety", "targetY"),
    ("textlength", "textLength"),
    ("viewbox", "viewBox"),
    ("viewtarget", "viewTarget"),
    ("xchannelselector", "xChannelSelector"),
    ("ychannelselector", "yChannelSelector"),
    ("zoomandpan", "zoomAndPan"),
];

fn lookup(table: &'static [(&'static str, &'static str)], name: &str) -> Option<&'static str> {
    table
        .binary_search_by(|(k, _)| (*k).cmp(name))
        .ok()
        .and_then(|i| table.get(i))
        .map(|(_, v)| *v)
}

/// The case-adjusted SVG element name, if HTML5 adjusts it.
pub fn svg_tag(name: &str) -> Option<&'static str> {
    lookup(SVG_TAGS, name)
}

/// The case-adjusted SVG attribute name, if HTML5 adjusts it.
pub fn svg_attr(name: &str) -> Option<&'static str> {
    lookup(SVG_ATTRS, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        for table in [SVG_TAGS, SVG_ATTRS] {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
        }
        assert_eq!(svg_tag("foreignobject"), Some("foreignObject"));
        assert_eq!(svg_attr("viewbox"), Some("viewBox"));
        assert_eq!(svg_tag("circle"), None);
    }

    #[test]
    fn interning_round_trips() {
        assert_eq!(T::of("p"), T::P);
        assert_eq!(T::of("xmp"), T::Xmp);
        assert_eq!(T::of("my-widget"), T::Other);
    }
}
