// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/HtmlEntities.h"

#include <algorithm>
#include <iterator>

namespace magpie::mime {

namespace {

struct NamedEntity
{
    const char *name;
    char32_t codePoint;
};

// Sorted by name in byte order (upper case before lower case), for binary search; the
// static_assert below keeps it that way. Every name here maps to one code point: the few HTML5
// names that expand to two (combining forms of mathematical symbols) do not occur in mail.
// clang-format off
constexpr NamedEntity kEntities[] = {
    {"AElig", 0x00C6}, {"AMP", 0x0026}, {"Aacute", 0x00C1}, {"Abreve", 0x0102}, {"Acirc", 0x00C2},
    {"Agrave", 0x00C0}, {"Alpha", 0x0391}, {"Amacr", 0x0100}, {"Aogon", 0x0104}, {"Aring", 0x00C5},
    {"Atilde", 0x00C3}, {"Auml", 0x00C4}, {"Beta", 0x0392}, {"COPY", 0x00A9}, {"Cacute", 0x0106},
    {"Ccaron", 0x010C}, {"Ccedil", 0x00C7}, {"Ccirc", 0x0108}, {"Cdot", 0x010A}, {"Chi", 0x03A7},
    {"Dagger", 0x2021}, {"Dcaron", 0x010E}, {"Delta", 0x0394}, {"Dot", 0x00A8}, {"Dstrok", 0x0110},
    {"ENG", 0x014A}, {"ETH", 0x00D0}, {"Eacute", 0x00C9}, {"Ecaron", 0x011A}, {"Ecirc", 0x00CA},
    {"Edot", 0x0116}, {"Egrave", 0x00C8}, {"Emacr", 0x0112}, {"Eogon", 0x0118}, {"Epsilon", 0x0395},
    {"Eta", 0x0397}, {"Euml", 0x00CB}, {"GT", 0x003E}, {"Gamma", 0x0393}, {"Gbreve", 0x011E},
    {"Gcedil", 0x0122}, {"Gcirc", 0x011C}, {"Gdot", 0x0120}, {"Hat", 0x005E}, {"Hcirc", 0x0124},
    {"Hstrok", 0x0126}, {"IJlig", 0x0132}, {"Iacute", 0x00CD}, {"Icirc", 0x00CE}, {"Idot", 0x0130},
    {"Igrave", 0x00CC}, {"Imacr", 0x012A}, {"Iogon", 0x012E}, {"Iota", 0x0399}, {"Itilde", 0x0128},
    {"Iuml", 0x00CF}, {"Jcirc", 0x0134}, {"Kappa", 0x039A}, {"Kcedil", 0x0136}, {"LT", 0x003C},
    {"Lacute", 0x0139}, {"Lambda", 0x039B}, {"Lcaron", 0x013D}, {"Lcedil", 0x013B},
    {"LeftArrow", 0x2190}, {"Leftarrow", 0x21D0}, {"Lmidot", 0x013F}, {"Lstrok", 0x0141},
    {"MediumSpace", 0x205F}, {"Mu", 0x039C}, {"Nacute", 0x0143}, {"Ncaron", 0x0147},
    {"Ncedil", 0x0145}, {"NewLine", 0x000A}, {"NoBreak", 0x2060}, {"NonBreakingSpace", 0x00A0},
    {"NotEqual", 0x2260}, {"Ntilde", 0x00D1}, {"Nu", 0x039D}, {"OElig", 0x0152}, {"Oacute", 0x00D3},
    {"Ocirc", 0x00D4}, {"Odblac", 0x0150}, {"Ograve", 0x00D2}, {"Omacr", 0x014C}, {"Omega", 0x03A9},
    {"Omicron", 0x039F}, {"Oslash", 0x00D8}, {"Otilde", 0x00D5}, {"Ouml", 0x00D6}, {"Phi", 0x03A6},
    {"Pi", 0x03A0}, {"Prime", 0x2033}, {"Psi", 0x03A8}, {"QUOT", 0x0022}, {"REG", 0x00AE},
    {"Racute", 0x0154}, {"Rcaron", 0x0158}, {"Rcedil", 0x0156}, {"Rho", 0x03A1},
    {"RightArrow", 0x2192}, {"Rightarrow", 0x21D2}, {"Sacute", 0x015A}, {"Scaron", 0x0160},
    {"Scedil", 0x015E}, {"Scirc", 0x015C}, {"Sigma", 0x03A3}, {"THORN", 0x00DE}, {"TRADE", 0x2122},
    {"Tab", 0x0009}, {"Tau", 0x03A4}, {"Tcaron", 0x0164}, {"Tcedil", 0x0162}, {"Theta", 0x0398},
    {"Tstrok", 0x0166}, {"Uacute", 0x00DA}, {"Ubreve", 0x016C}, {"Ucirc", 0x00DB},
    {"Udblac", 0x0170}, {"Ugrave", 0x00D9}, {"Umacr", 0x016A}, {"Uogon", 0x0172},
    {"Upsilon", 0x03A5}, {"Uring", 0x016E}, {"Utilde", 0x0168}, {"Uuml", 0x00DC},
    {"VerticalLine", 0x007C}, {"Wcirc", 0x0174}, {"Xi", 0x039E}, {"Yacute", 0x00DD},
    {"Ycirc", 0x0176}, {"Yuml", 0x0178}, {"Zacute", 0x0179}, {"Zcaron", 0x017D}, {"Zdot", 0x017B},
    {"ZeroWidthSpace", 0x200B}, {"Zeta", 0x0396}, {"aacute", 0x00E1}, {"abreve", 0x0103},
    {"acirc", 0x00E2}, {"acute", 0x00B4}, {"aelig", 0x00E6}, {"agrave", 0x00E0},
    {"alefsym", 0x2135}, {"alpha", 0x03B1}, {"amacr", 0x0101}, {"amp", 0x0026}, {"and", 0x2227},
    {"ang", 0x2220}, {"angst", 0x00C5}, {"aogon", 0x0105}, {"apos", 0x0027}, {"approx", 0x2248},
    {"aring", 0x00E5}, {"ast", 0x002A}, {"asymp", 0x2248}, {"atilde", 0x00E3}, {"auml", 0x00E4},
    {"bdquo", 0x201E}, {"beta", 0x03B2}, {"bigstar", 0x2605}, {"brvbar", 0x00A6}, {"bsol", 0x005C},
    {"bull", 0x2022}, {"bullet", 0x2022}, {"cacute", 0x0107}, {"cap", 0x2229}, {"caret", 0x2041},
    {"ccaron", 0x010D}, {"ccedil", 0x00E7}, {"ccirc", 0x0109}, {"cdot", 0x010B}, {"cedil", 0x00B8},
    {"cent", 0x00A2}, {"centerdot", 0x00B7}, {"check", 0x2713}, {"checkmark", 0x2713},
    {"chi", 0x03C7}, {"circ", 0x02C6}, {"circledR", 0x00AE}, {"clubs", 0x2663},
    {"clubsuit", 0x2663}, {"colon", 0x003A}, {"comma", 0x002C}, {"commat", 0x0040},
    {"cong", 0x2245}, {"copy", 0x00A9}, {"copysr", 0x2117}, {"crarr", 0x21B5}, {"cross", 0x2717},
    {"cup", 0x222A}, {"curren", 0x00A4}, {"dArr", 0x21D3}, {"dagger", 0x2020}, {"darr", 0x2193},
    {"dash", 0x2010}, {"dcaron", 0x010F}, {"deg", 0x00B0}, {"delta", 0x03B4},
    {"diamondsuit", 0x2666}, {"diams", 0x2666}, {"die", 0x00A8}, {"div", 0x00F7},
    {"divide", 0x00F7}, {"dollar", 0x0024}, {"downarrow", 0x2193}, {"dstrok", 0x0111},
    {"eacute", 0x00E9}, {"ecaron", 0x011B}, {"ecirc", 0x00EA}, {"edot", 0x0117}, {"egrave", 0x00E8},
    {"emacr", 0x0113}, {"empty", 0x2205}, {"emsp", 0x2003}, {"emsp13", 0x2004}, {"emsp14", 0x2005},
    {"eng", 0x014B}, {"ensp", 0x2002}, {"eogon", 0x0119}, {"epsilon", 0x03B5}, {"equals", 0x003D},
    {"equiv", 0x2261}, {"eta", 0x03B7}, {"eth", 0x00F0}, {"euml", 0x00EB}, {"euro", 0x20AC},
    {"excl", 0x0021}, {"exist", 0x2203}, {"female", 0x2640}, {"flat", 0x266D}, {"fnof", 0x0192},
    {"forall", 0x2200}, {"frac12", 0x00BD}, {"frac13", 0x2153}, {"frac14", 0x00BC},
    {"frac15", 0x2155}, {"frac16", 0x2159}, {"frac18", 0x215B}, {"frac23", 0x2154},
    {"frac25", 0x2156}, {"frac34", 0x00BE}, {"frac35", 0x2157}, {"frac38", 0x215C},
    {"frac45", 0x2158}, {"frac56", 0x215A}, {"frac58", 0x215D}, {"frac78", 0x215E},
    {"frasl", 0x2044}, {"gamma", 0x03B3}, {"gbreve", 0x011F}, {"gcirc", 0x011D}, {"gdot", 0x0121},
    {"ge", 0x2265}, {"geq", 0x2265}, {"grave", 0x0060}, {"gt", 0x003E}, {"hArr", 0x21D4},
    {"hairsp", 0x200A}, {"half", 0x00BD}, {"harr", 0x2194}, {"hcirc", 0x0125}, {"hearts", 0x2665},
    {"heartsuit", 0x2665}, {"hellip", 0x2026}, {"horbar", 0x2015}, {"hstrok", 0x0127},
    {"hybull", 0x2043}, {"hyphen", 0x2010}, {"iacute", 0x00ED}, {"icirc", 0x00EE},
    {"iexcl", 0x00A1}, {"igrave", 0x00EC}, {"ijlig", 0x0133}, {"imacr", 0x012B}, {"image", 0x2111},
    {"imath", 0x0131}, {"incare", 0x2105}, {"infin", 0x221E}, {"inodot", 0x0131}, {"int", 0x222B},
    {"iogon", 0x012F}, {"iota", 0x03B9}, {"iquest", 0x00BF}, {"isin", 0x2208}, {"itilde", 0x0129},
    {"iuml", 0x00EF}, {"jcirc", 0x0135}, {"kappa", 0x03BA}, {"kcedil", 0x0137}, {"kgreen", 0x0138},
    {"lArr", 0x21D0}, {"lacute", 0x013A}, {"lambda", 0x03BB}, {"lang", 0x27E8}, {"laquo", 0x00AB},
    {"larr", 0x2190}, {"lbrace", 0x007B}, {"lbrack", 0x005B}, {"lcaron", 0x013E},
    {"lcedil", 0x013C}, {"lceil", 0x2308}, {"lcub", 0x007B}, {"ldquo", 0x201C}, {"ldquor", 0x201E},
    {"le", 0x2264}, {"leftarrow", 0x2190}, {"leftrightarrow", 0x2194}, {"leq", 0x2264},
    {"lfloor", 0x230A}, {"lmidot", 0x0140}, {"lowast", 0x2217}, {"lowbar", 0x005F}, {"loz", 0x25CA},
    {"lpar", 0x0028}, {"lrm", 0x200E}, {"lsaquo", 0x2039}, {"lsqb", 0x005B}, {"lsquo", 0x2018},
    {"lsquor", 0x201A}, {"lstrok", 0x0142}, {"lt", 0x003C}, {"macr", 0x00AF}, {"male", 0x2642},
    {"mdash", 0x2014}, {"micro", 0x00B5}, {"midast", 0x002A}, {"middot", 0x00B7}, {"minus", 0x2212},
    {"mldr", 0x2026}, {"mu", 0x03BC}, {"nabla", 0x2207}, {"nacute", 0x0144}, {"napos", 0x0149},
    {"natur", 0x266E}, {"natural", 0x266E}, {"nbsp", 0x00A0}, {"ncaron", 0x0148},
    {"ncedil", 0x0146}, {"ndash", 0x2013}, {"ne", 0x2260}, {"ni", 0x220B}, {"nldr", 0x2025},
    {"not", 0x00AC}, {"notin", 0x2209}, {"nsub", 0x2284}, {"ntilde", 0x00F1}, {"nu", 0x03BD},
    {"num", 0x0023}, {"numero", 0x2116}, {"numsp", 0x2007}, {"oacute", 0x00F3}, {"ocirc", 0x00F4},
    {"odblac", 0x0151}, {"oelig", 0x0153}, {"ograve", 0x00F2}, {"ohm", 0x03A9}, {"oline", 0x203E},
    {"omacr", 0x014D}, {"omega", 0x03C9}, {"omicron", 0x03BF}, {"oplus", 0x2295}, {"or", 0x2228},
    {"ordf", 0x00AA}, {"ordm", 0x00BA}, {"oslash", 0x00F8}, {"otilde", 0x00F5}, {"otimes", 0x2297},
    {"ouml", 0x00F6}, {"para", 0x00B6}, {"part", 0x2202}, {"percnt", 0x0025}, {"period", 0x002E},
    {"permil", 0x2030}, {"perp", 0x22A5}, {"phi", 0x03C6}, {"phone", 0x260E}, {"pi", 0x03C0},
    {"piv", 0x03D6}, {"plus", 0x002B}, {"plusmn", 0x00B1}, {"pm", 0x00B1}, {"pound", 0x00A3},
    {"prime", 0x2032}, {"prod", 0x220F}, {"prop", 0x221D}, {"psi", 0x03C8}, {"puncsp", 0x2008},
    {"quest", 0x003F}, {"quot", 0x0022}, {"rArr", 0x21D2}, {"racute", 0x0155}, {"radic", 0x221A},
    {"rang", 0x27E9}, {"raquo", 0x00BB}, {"rarr", 0x2192}, {"rbrace", 0x007D}, {"rbrack", 0x005D},
    {"rcaron", 0x0159}, {"rcedil", 0x0157}, {"rceil", 0x2309}, {"rcub", 0x007D}, {"rdquo", 0x201D},
    {"rdquor", 0x201D}, {"real", 0x211C}, {"reg", 0x00AE}, {"rfloor", 0x230B}, {"rho", 0x03C1},
    {"rightarrow", 0x2192}, {"rlm", 0x200F}, {"rpar", 0x0029}, {"rsaquo", 0x203A}, {"rsqb", 0x005D},
    {"rsquo", 0x2019}, {"rsquor", 0x2019}, {"sacute", 0x015B}, {"sbquo", 0x201A},
    {"scaron", 0x0161}, {"scedil", 0x015F}, {"scirc", 0x015D}, {"sdot", 0x22C5}, {"sect", 0x00A7},
    {"semi", 0x003B}, {"setminus", 0x2216}, {"sharp", 0x266F}, {"shy", 0x00AD}, {"sigma", 0x03C3},
    {"sigmaf", 0x03C2}, {"sim", 0x223C}, {"sol", 0x002F}, {"spades", 0x2660}, {"spadesuit", 0x2660},
    {"star", 0x2606}, {"starf", 0x2605}, {"sub", 0x2282}, {"sube", 0x2286}, {"sum", 0x2211},
    {"sup", 0x2283}, {"sup1", 0x00B9}, {"sup2", 0x00B2}, {"sup3", 0x00B3}, {"supe", 0x2287},
    {"szlig", 0x00DF}, {"tau", 0x03C4}, {"tcaron", 0x0165}, {"tcedil", 0x0163}, {"there4", 0x2234},
    {"theta", 0x03B8}, {"thetasym", 0x03D1}, {"thinsp", 0x2009}, {"thorn", 0x00FE},
    {"tilde", 0x02DC}, {"times", 0x00D7}, {"trade", 0x2122}, {"tstrok", 0x0167}, {"uArr", 0x21D1},
    {"uacute", 0x00FA}, {"uarr", 0x2191}, {"ubreve", 0x016D}, {"ucirc", 0x00FB}, {"udblac", 0x0171},
    {"ugrave", 0x00F9}, {"umacr", 0x016B}, {"uml", 0x00A8}, {"uogon", 0x0173}, {"uparrow", 0x2191},
    {"upsih", 0x03D2}, {"upsilon", 0x03C5}, {"uring", 0x016F}, {"utilde", 0x0169}, {"uuml", 0x00FC},
    {"verbar", 0x007C}, {"vert", 0x007C}, {"wcirc", 0x0175}, {"weierp", 0x2118}, {"xi", 0x03BE},
    {"yacute", 0x00FD}, {"ycirc", 0x0177}, {"yen", 0x00A5}, {"yuml", 0x00FF}, {"zacute", 0x017A},
    {"zcaron", 0x017E}, {"zdot", 0x017C}, {"zeta", 0x03B6}, {"zwj", 0x200D}, {"zwnj", 0x200C},
};
// clang-format on

// Longest name in the table; a longer run of letters after '&' cannot be a reference.
constexpr qsizetype kMaxNameLength = 16;

constexpr int compareAscii(const char *a, const char *b)
{
    while (*a && *a == *b) {
        ++a;
        ++b;
    }
    return static_cast<unsigned char>(*a) - static_cast<unsigned char>(*b);
}

constexpr bool isSortedAndFits()
{
    for (std::size_t i = 0; i < std::size(kEntities); ++i) {
        qsizetype length = 0;
        while (kEntities[i].name[length])
            ++length;
        if (length > kMaxNameLength)
            return false;
        if (i > 0 && compareAscii(kEntities[i - 1].name, kEntities[i].name) >= 0)
            return false;
    }
    return true;
}
static_assert(isSortedAndFits(), "kEntities must be sorted, unique, and within kMaxNameLength");

// Negative, zero or positive as `name` sorts before, equal to or after `entity`.
int compareName(QStringView name, const char *entity)
{
    qsizetype i = 0;
    for (; i < name.size() && entity[i]; ++i) {
        const char16_t c = name[i].unicode();
        const auto e = static_cast<unsigned char>(entity[i]);
        if (c != e)
            return c < e ? -1 : 1;
    }
    if (i < name.size())
        return 1;
    return entity[i] ? -1 : 0;
}

bool isAsciiAlnum(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z');
}

// The value of an ASCII digit in base 10 or 16, or -1: other scripts' digits are no reference.
int digitValue(QChar c, bool hex)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (hex && u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (hex && u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

// HTML section 13.2.5.80: numeric references 0x80-0x9F name C1 controls, which nobody means;
// they are the Windows-1252 bytes of text written on Windows ("&#146;" for a right quote).
char32_t fromWindows1252(char32_t c)
{
    static constexpr char16_t kHigh[32] = {
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    };
    return (c >= 0x80 && c <= 0x9F) ? kHigh[c - 0x80] : c;
}

qsizetype decodeNumeric(QStringView text, qsizetype at, char32_t *codePoint)
{
    // text[at] is '&', text[at + 1] is '#'.
    qsizetype i = at + 2;
    const bool hex = i < text.size() && (text[i] == u'x' || text[i] == u'X');
    if (hex)
        ++i;
    const qsizetype digitsStart = i;
    char32_t value = 0;
    bool tooBig = false;
    for (; i < text.size(); ++i) {
        const int digit = digitValue(text[i], hex);
        if (digit < 0)
            break;
        // Keep consuming digits past the limit, but stop growing: no overflow, one result.
        if (!tooBig) {
            value = value * (hex ? 16 : 10) + static_cast<char32_t>(digit);
            tooBig = value > 0x10FFFF;
        }
    }
    if (i == digitsStart)
        return 0;
    if (i < text.size() && text[i] == u';')
        ++i;
    if (tooBig || value == 0 || (value >= 0xD800 && value <= 0xDFFF))
        value = 0xFFFD;
    *codePoint = fromWindows1252(value);
    return i - at;
}

} // namespace

char32_t HtmlEntities::lookup(QStringView name)
{
    if (name.isEmpty() || name.size() > kMaxNameLength)
        return 0;
    const auto found = std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                                        [](const NamedEntity &entity, QStringView key) {
                                            return compareName(key, entity.name) > 0;
                                        });
    if (found == std::end(kEntities) || compareName(name, found->name) != 0)
        return 0;
    return found->codePoint;
}

qsizetype HtmlEntities::decode(QStringView text, qsizetype at, char32_t *codePoint)
{
    if (at < 0 || at + 1 >= text.size() || text[at] != u'&')
        return 0;
    if (text[at + 1] == u'#')
        return decodeNumeric(text, at, codePoint);
    qsizetype end = at + 1;
    while (end < text.size() && end - at - 1 <= kMaxNameLength && isAsciiAlnum(text[end]))
        ++end;
    if (end >= text.size() || text[end] != u';')
        return 0;
    const char32_t found = lookup(text.sliced(at + 1, end - at - 1));
    if (!found)
        return 0;
    *codePoint = found;
    return end + 1 - at;
}

qsizetype HtmlEntities::count()
{
    return static_cast<qsizetype>(std::size(kEntities));
}

} // namespace magpie::mime
