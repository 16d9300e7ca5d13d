// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/HtmlEntities.h"
#include "mime/HtmlToText.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStringList>
#include <QTest>

#include <iterator>

using namespace Qt::StringLiterals;
using magpie::mime::HtmlEntities;
using magpie::mime::HtmlToText;

// Every expected text below was worked out by hand from the rules in HtmlToText.h.
class TestHtmlToText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void droppedContent_data();
    void droppedContent() { compareRow(); }
    void blocks_data();
    void blocks() { compareRow(); }
    void whitespace_data();
    void whitespace() { compareRow(); }
    void preformatted_data();
    void preformatted() { compareRow(); }
    void lists_data();
    void lists() { compareRow(); }
    void links_data();
    void links() { compareRow(); }
    void images_data();
    void images() { compareRow(); }
    void tables_data();
    void tables() { compareRow(); }
    void blockquotes_data();
    void blockquotes() { compareRow(); }
    void entities_data();
    void entities() { compareRow(); }
    void brokenMarkup_data();
    void brokenMarkup() { compareRow(); }
    void realMail_data();
    void realMail() { compareRow(); }

    void entityTableHasLatin1AndMore();
    void hugeInput();
    void deepNesting();
    void pathologicalInputs();
    void randomMarkupKeepsLineRules();

private:
    static QString readUtf8(const QString &path);
    static void addColumns();
    static void compareRow();
};

QString TestHtmlToText::readUtf8(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll());
}

void TestHtmlToText::addColumns()
{
    QTest::addColumn<QString>("html");
    QTest::addColumn<QString>("expected");
}

void TestHtmlToText::compareRow()
{
    QFETCH(QString, html);
    QFETCH(QString, expected);
    QCOMPARE(HtmlToText::convert(html), expected);
}

void TestHtmlToText::droppedContent_data()
{
    addColumns();
    QTest::newRow("script")
        << uR"(a<script>if (x < y) { document.write("<p>no</p>"); }</script>b)"_s << u"ab"_s;
    QTest::newRow("style") << u"<style>p { color: red; }</style><p>Hi</p>"_s << u"Hi"_s;
    QTest::newRow("head and title")
        << uR"(<html><head><title>Subject line</title><meta charset="utf-8"></head><body>Body</body></html>)"_s
        << u"Body"_s;
    QTest::newRow("comment") << u"a<!-- hidden <p>x</p> -->b"_s << u"ab"_s;
    QTest::newRow("comment with inner dashes") << u"a<!-- x -- y -->b"_s << u"ab"_s;
    QTest::newRow("empty comments") << u"a<!---->b<!-->c<!--->d"_s << u"abcd"_s;
    QTest::newRow("comment closed by --!>") << u"a<!-- x --!>b"_s << u"ab"_s;
    QTest::newRow("template") << u"<template><p>later</p></template>shown"_s << u"shown"_s;
    QTest::newRow("uppercase script")
        << u"<SCRIPT type=\"text/javascript\">x()</SCRIPT>text"_s << u"text"_s;
    QTest::newRow("script end needs the whole name")
        << u"<script>a = '</scripts>';</script >ok"_s << u"ok"_s;
    QTest::newRow("unterminated script")
        << u"before<script>var a = 1; <p>never</p>"_s << u"before"_s;
    QTest::newRow("unterminated comment")
        << u"before<!-- never closed <p>after</p>"_s << u"before"_s;
    QTest::newRow("unterminated style") << u"before<style>p {}"_s << u"before"_s;
    QTest::newRow("head without its end") << u"<head><meta charset=utf-8>Hello"_s << u"Hello"_s;
    QTest::newRow("body ends the head") << u"<head><title>t</title><body>Text"_s << u"Text"_s;
    QTest::newRow("head inside the body is ignored") << u"<p>a</p><head> <p>b</p>"_s << u"a\n\nb"_s;
}

void TestHtmlToText::blocks_data()
{
    addColumns();
    QTest::newRow("divs") << u"<div>one</div><div>two</div>"_s << u"one\ntwo"_s;
    QTest::newRow("br in all spellings")
        << u"one<br>two<br/>three<BR />four"_s << u"one\ntwo\nthree\nfour"_s;
    QTest::newRow("two br: blank line") << u"one<br><br>two"_s << u"one\n\ntwo"_s;
    QTest::newRow("three br: still one blank line") << u"one<br><br><br>two"_s << u"one\n\ntwo"_s;
    QTest::newRow("paragraphs") << u"<p>one</p><p>two</p>"_s << u"one\n\ntwo"_s;
    QTest::newRow("unclosed paragraphs") << u"<p>one<p>two"_s << u"one\n\ntwo"_s;
    QTest::newRow("headings") << u"<h1>Title</h1>Text<h2>Sub</h2><p>More</p><h6>Small</h6>"_s
                              << u"Title\n\nText\n\nSub\n\nMore\n\nSmall"_s;
    QTest::newRow("hr") << u"above<hr>below"_s << u"above\nbelow"_s;
    QTest::newRow("sectioning elements")
        << u"<section>a</section><article>b</article><header>c</header><footer>d</footer>"_s
        << u"a\nb\nc\nd"_s;
    QTest::newRow("Gmail's empty line")
        << u"<div>a</div><div><br></div><div>b</div>"_s << u"a\n\nb"_s;
    QTest::newRow("br closing a block adds nothing")
        << u"<div>a<br></div><div>b</div>"_s << u"a\nb"_s;
    QTest::newRow("br then paragraph end") << u"<p>a<br></p><p>b</p>"_s << u"a\n\nb"_s;
    QTest::newRow("br between blocks") << u"<div>a</div><br><div>b</div>"_s << u"a\n\nb"_s;
    QTest::newRow("no leading or trailing blank lines")
        << u"<br><p></p><div>text</div><br><br><p></p>"_s << u"text"_s;
    QTest::newRow("empty paragraphs collapse")
        << u"<p>a</p><p></p><p>&nbsp;</p><p>b</p>"_s << u"a\n\nb"_s;
    QTest::newRow("inline elements flow") << u"<span>a</span><b>b</b><font>c</font>"_s << u"abc"_s;
    QTest::newRow("stray </br> is a break") << u"a</br>b"_s << u"a\nb"_s;
    QTest::newRow("self-closing div") << u"a<div/>b"_s << u"a\nb"_s;
    QTest::newRow("empty input") << QString() << QString();
}

void TestHtmlToText::whitespace_data()
{
    addColumns();
    QTest::newRow("runs collapse") << u"  one \n\t two   three  "_s << u"one two three"_s;
    QTest::newRow("across inline tags")
        << u"<b>bold</b> <i>italic</i>  <span> span</span>"_s << u"bold italic span"_s;
    QTest::newRow("no space where none") << u"<b>in</b>line"_s << u"inline"_s;
    QTest::newRow("source line breaks")
        << u"<p>The quick\r\nbrown fox</p>"_s << u"The quick brown fox"_s;
    QTest::newRow("indented source") << u"<div>\n  <p>\n    text\n  </p>\n</div>"_s << u"text"_s;
    QTest::newRow("nbsp is kept") << u"a&nbsp;&nbsp;&nbsp;b"_s << u"a   b"_s;
    QTest::newRow("nbsp then space") << u"a&nbsp; b"_s << u"a  b"_s;
    QTest::newRow("literal U+00A0") << u"a\u00a0\u00a0b"_s << u"a  b"_s;
    QTest::newRow("nbsp at line end dropped")
        << u"<p>a&nbsp;</p><p>b&nbsp;&nbsp;<br>c</p>"_s << u"a\n\nb\nc"_s;
    QTest::newRow("nbsp at line start kept") << u"<div>&nbsp;&nbsp;x</div>"_s << u"  x"_s;
    QTest::newRow("space before br dropped") << u"a <br> b"_s << u"a\nb"_s;
    QTest::newRow("other unicode spaces kept") << u"5\u202f%&#8195;x"_s << u"5\u202f%\u2003x"_s;
    QTest::newRow("invisible characters dropped")
        << u"Donau&shy;dampf&#8203;schiff\ufeff"_s << u"Donaudampfschiff"_s;
    QTest::newRow("control characters dropped") << u"a\u0001b\u007fc"_s << u"abc"_s;
}

void TestHtmlToText::preformatted_data()
{
    addColumns();
    QTest::newRow("kept whitespace") << u"<pre>line 1\n  indented\n\n\nafter blank</pre>"_s
                                     << u"line 1\n  indented\n\nafter blank"_s;
    QTest::newRow("first newline dropped")
        << u"<pre>\ncode();\n</pre>after"_s << u"code();\nafter"_s;
    QTest::newRow("trailing spaces dropped") << u"<pre>a   \nb\t\n</pre>"_s << u"a\nb"_s;
    QTest::newRow("CRLF and CR") << u"<pre>a\r\nb\rc</pre>"_s << u"a\nb\nc"_s;
    QTest::newRow("leading tab kept") << u"<PRE>\tx = 1;</PRE>"_s << u"\tx = 1;"_s;
    QTest::newRow("markup inside")
        << u"<pre>if (a &lt; b) <b>return</b>;</pre>"_s << u"if (a < b) return;"_s;
    QTest::newRow("text around") << u"Code:<pre>x</pre>Done"_s << u"Code:\nx\nDone"_s;
    QTest::newRow("collapsing resumes after") << u"<pre>a  b</pre>c  d"_s << u"a  b\nc d"_s;
}

void TestHtmlToText::lists_data()
{
    addColumns();
    QTest::newRow("unordered") << u"<ul><li>one</li><li>two</li></ul>"_s << u"- one\n- two"_s;
    QTest::newRow("ordered") << u"<ol><li>one</li><li>two</li><li>three</li></ol>"_s
                             << u"1. one\n2. two\n3. three"_s;
    QTest::newRow("ordered with start")
        << u"<ol start=\"9\"><li>nine</li><li>ten</li></ol>"_s << u"9. nine\n10. ten"_s;
    QTest::newRow("bad start") << u"<ol start=x><li>a</li></ol>"_s << u"1. a"_s;
    QTest::newRow("nested")
        << u"<ul><li>fruit<ul><li>apple</li><li>pear</li></ul></li><li>veg</li></ul>"_s
        << u"- fruit\n  - apple\n  - pear\n- veg"_s;
    QTest::newRow("ordered inside unordered")
        << u"<ul><li>steps<ol><li>open</li><li>close</li></ol></li></ul>"_s
        << u"- steps\n  1. open\n  2. close"_s;
    QTest::newRow("three levels") << u"<ol><li>a<ol><li>b<ul><li>c</li></ul></li></ol></li></ol>"_s
                                  << u"1. a\n  1. b\n    - c"_s;
    QTest::newRow("unclosed items")
        << u"<ul><li>one<li>two</ul>after"_s << u"- one\n- two\nafter"_s;
    QTest::newRow("continuation line")
        << u"<ul><li>first line<br>second line</li></ul>"_s << u"- first line\n  second line"_s;
    QTest::newRow("item text after a nested list")
        << u"<ul><li>a<ul><li>b</li></ul>a again</li></ul>"_s << u"- a\n  - b\n  a again"_s;
    QTest::newRow("between paragraphs")
        << u"<p>Intro:</p><ul><li>x</li></ul><p>Outro</p>"_s << u"Intro:\n\n- x\n\nOutro"_s;
    QTest::newRow("paragraphs in items")
        << u"<ul><li><p>one</p></li><li><p>two</p></li></ul>"_s << u"- one\n\n- two"_s;
    QTest::newRow("empty item") << u"<ul><li></li><li>b</li></ul>"_s << u"- b"_s;
    QTest::newRow("uppercase") << u"<UL><LI>Caps</LI></UL>"_s << u"- Caps"_s;
    QTest::newRow("item outside a list") << u"<li>stray</li>"_s << u"- stray"_s;
    QTest::newRow("numbering per list")
        << u"<ol><li>a</li></ol><ol><li>b</li><li>c</li></ol>"_s << u"1. a\n1. b\n2. c"_s;
}

void TestHtmlToText::links_data()
{
    addColumns();
    QTest::newRow("text and address")
        << u"<a href=\"https://example.com/offer\">See the offer</a>"_s
        << u"See the offer <https://example.com/offer>"_s;
    QTest::newRow("text is the address")
        << u"<a href=\"https://example.com/\">https://example.com/</a>"_s
        << u"https://example.com/"_s;
    QTest::newRow("text is the address without scheme")
        << u"<a href=\"https://www.example.com/\">www.example.com</a>"_s << u"www.example.com"_s;
    QTest::newRow("mailto shows the address")
        << u"Write to <a href=\"mailto:bob@example.com?subject=Hi\">Bob</a>."_s
        << u"Write to Bob <bob@example.com>."_s;
    QTest::newRow("mailto text is the address")
        << u"<a href=\"mailto:bob@example.com\">bob@example.com</a>"_s << u"bob@example.com"_s;
    QTest::newRow("mailto in capitals")
        << u"<a href=\"MAILTO:Bob@Example.com\">bob@example.com</a>"_s << u"bob@example.com"_s;
    QTest::newRow("references in href")
        << u"<a href=\"https://example.com/?a=1&amp;b=2\">link</a>"_s
        << u"link <https://example.com/?a=1&b=2>"_s;
    QTest::newRow("fragment only") << u"<a href=\"#top\">Back to top</a>"_s << u"Back to top"_s;
    QTest::newRow("javascript") << u"<a href=\"javascript:void(0)\">Click</a>"_s << u"Click"_s;
    QTest::newRow("anchor without href") << u"<a name=\"x\">Section</a>"_s << u"Section"_s;
    QTest::newRow("unquoted href")
        << u"<a href=https://example.com/x>x</a>"_s << u"x <https://example.com/x>"_s;
    QTest::newRow("in a sentence") << u"Go <a href='https://a.example/'>here</a> now"_s
                                   << u"Go here <https://a.example/> now"_s;
    QTest::newRow("around a block")
        << u"<a href=\"https://a.example/\"><div>Shop</div></a><div>next</div>"_s
        << u"Shop <https://a.example/>\nnext"_s;
    QTest::newRow("never closed") << u"<a href=\"https://a.example/\">open"_s
                                  << u"open <https://a.example/>"_s;
    QTest::newRow("a new link ends the last")
        << u"<a href=\"https://a.example/\">one<a href=\"https://b.example/\">two</a>"_s
        << u"one <https://a.example/>two <https://b.example/>"_s;
    QTest::newRow("around an image with alt")
        << u"<a href=\"https://a.example/\"><img src=\"logo.png\" alt=\"ACME\"></a>"_s
        << u"[ACME] <https://a.example/>"_s;
    QTest::newRow("around an image without alt")
        << u"<a href=\"https://a.example/\"><img src=\"logo.png\"></a>"_s
        << u"<https://a.example/>"_s;
    QTest::newRow("line break inside href") << u"<a href=\"https://a.example/long\n/path\">x</a>"_s
                                            << u"x <https://a.example/long/path>"_s;
    QTest::newRow("uppercase tag")
        << u"<A HREF=\"https://a.example/\">Up</A>"_s << u"Up <https://a.example/>"_s;
    QTest::newRow("in a quote")
        << u"<blockquote><a href=\"https://a.example/\">x</a></blockquote>"_s
        << u"> x <https://a.example/>"_s;
}

void TestHtmlToText::images_data()
{
    addColumns();
    QTest::newRow("alt") << u"<img src=\"a.png\" alt=\"Company logo\">"_s << u"[Company logo]"_s;
    QTest::newRow("no alt") << u"<img src=\"spacer.gif\">"_s << QString();
    QTest::newRow("empty alt") << u"<img src=\"a.png\" alt=\"\">"_s << QString();
    QTest::newRow("blank alt") << u"<img src=\"a.png\" alt=\"  \">"_s << QString();
    QTest::newRow("in a sentence")
        << u"Before <img alt=\"x\" src=y> after"_s << u"Before [x] after"_s;
    QTest::newRow("uppercase, references, self-closing")
        << u"<IMG SRC=\"a.png\" ALT='Logo &amp; name'/>"_s << u"[Logo & name]"_s;
    QTest::newRow("alt whitespace collapses")
        << u"<img alt=\" two\n  words \">"_s << u"[two words]"_s;
    QTest::newRow("first alt wins") << u"<img alt=\"one\" alt=\"two\">"_s << u"[one]"_s;
}

void TestHtmlToText::tables_data()
{
    addColumns();
    QTest::newRow("rows and cells")
        << u"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"_s
        << u"a | b\nc | d"_s;
    QTest::newRow("header cells")
        << u"<table><tr><th>Name</th><th>Qty</th></tr><tr><td>Tea</td><td>2</td></tr></table>"_s
        << u"Name | Qty\nTea | 2"_s;
    QTest::newRow("empty cells leave no separator")
        << u"<table><tr><td></td><td>x</td><td>&nbsp;</td></tr></table>"_s << u"x"_s;
    QTest::newRow("Outlook paragraphs in cells")
        << u"<table><tr><td><p class=MsoNormal>Name</p></td><td><p class=MsoNormal>Value</p></td></tr></table>"_s
        << u"Name | Value"_s;
    QTest::newRow("text around") << u"Totals:<table><tr><td>1</td></tr></table>Thanks"_s
                                 << u"Totals:\n1\nThanks"_s;
    QTest::newRow("indented source")
        << u"<table>\n <tr>\n  <td>a</td>\n  <td>b</td>\n </tr>\n</table>"_s << u"a | b"_s;
    QTest::newRow("tbody and uppercase")
        << u"<TABLE><TBODY><TR><TD>x</TD><TD>y</TD></TR></TBODY></TABLE>"_s << u"x | y"_s;
    QTest::newRow("unclosed cells and rows")
        << u"<table><tr><td>a<td>b<tr><td>c<td>d</table>"_s << u"a | b\nc | d"_s;
    QTest::newRow("multi-line cell puts the next cell below")
        << u"<table><tr><td>a<br>b</td><td>c</td></tr></table>"_s << u"a\nb\nc"_s;
    QTest::newRow("nested layout table")
        << u"<table><tr><td><table><tr><td>Header</td></tr></table></td></tr><tr><td>Body</td></tr></table>"_s
        << u"Header\nBody"_s;
    QTest::newRow("cell outside a table") << u"<td>a</td><td>b</td>"_s << u"ab"_s;
}

void TestHtmlToText::blockquotes_data()
{
    addColumns();
    QTest::newRow("between paragraphs")
        << u"<p>Hi</p><blockquote>quoted text</blockquote><p>Reply</p>"_s
        << u"Hi\n\n> quoted text\n\nReply"_s;
    QTest::newRow("every line") << u"<blockquote>line one<br>line two</blockquote>"_s
                                << u"> line one\n> line two"_s;
    QTest::newRow("blank line inside")
        << u"<blockquote><p>para one</p><p>para two</p></blockquote>"_s
        << u"> para one\n>\n> para two"_s;
    QTest::newRow("nested")
        << u"<blockquote>outer<blockquote>inner</blockquote>outer again</blockquote>after"_s
        << u"> outer\n> > inner\n> outer again\nafter"_s;
    QTest::newRow("nested blank line")
        << u"<blockquote><blockquote><p>a</p><p>b</p></blockquote></blockquote>"_s
        << u"> > a\n> >\n> > b"_s;
    QTest::newRow("blank line leaving a level")
        << u"<blockquote><blockquote><p>a</p></blockquote><p>b</p></blockquote>"_s
        << u"> > a\n>\n> b"_s;
    QTest::newRow("list inside") << u"<blockquote><ul><li>x</li></ul></blockquote>"_s << u"> - x"_s;
    QTest::newRow("pre inside") << u"<blockquote><pre>a\n  b</pre></blockquote>"_s
                                << u"> a\n>   b"_s;
    QTest::newRow("unclosed") << u"<blockquote>a<br>b"_s << u"> a\n> b"_s;
}

void TestHtmlToText::entities_data()
{
    addColumns();
    QTest::newRow("markup characters")
        << u"&lt;tag&gt; &amp; &quot;q&quot; &apos;a&apos;"_s << u"<tag> & \"q\" 'a'"_s;
    QTest::newRow("typography")
        << u"&hellip; &mdash; &ndash; &lsquo;x&rsquo; &ldquo;y&rdquo; &laquo;z&raquo; &bull;"_s
        << u"\u2026 \u2014 \u2013 \u2018x\u2019 \u201cy\u201d \u00abz\u00bb \u2022"_s;
    QTest::newRow("symbols") << u"&copy; &reg; &euro; &trade; &deg; &para; &sect; &times;"_s
                             << u"\u00a9 \u00ae \u20ac \u2122 \u00b0 \u00b6 \u00a7 \u00d7"_s;
    QTest::newRow("letters")
        << u"&Eacute;&eacute;&agrave;&uuml;&szlig;&ntilde;&ccedil;&oslash;&aring;&AElig;&yuml;"_s
        << u"\u00c9\u00e9\u00e0\u00fc\u00df\u00f1\u00e7\u00f8\u00e5\u00c6\u00ff"_s;
    QTest::newRow("Central European letters")
        << u"&Lstrok;&oacute;d&zacute; &Scaron;koda &Rcaron;"_s
        << u"\u0141\u00f3d\u017a \u0160koda \u0158"_s;
    QTest::newRow("decimal") << u"&#65;&#233;&#8364;"_s << u"A\u00e9\u20ac"_s;
    QTest::newRow("hex") << u"&#x41;&#xE9;&#X20ac;&#x1F600;"_s << u"A\u00e9\u20ac\U0001F600"_s;
    QTest::newRow("numeric without semicolon") << u"it&#39s &#x41!"_s << u"it's A!"_s;
    QTest::newRow("Windows-1252 numbers")
        << u"&#150; &#147;q&#148; &#128;"_s << u"\u2013 \u201cq\u201d \u20ac"_s;
    QTest::newRow("numbers that are no characters")
        << u"&#0;&#xD800;&#x110000;&#99999999999999999999;"_s << u"\ufffd\ufffd\ufffd\ufffd"_s;
    QTest::newRow("unknown kept as written")
        << u"&bogus; &amp &#; &#x; AT&T & more"_s << u"&bogus; &amp &#; &#x; AT&T & more"_s;
    QTest::newRow("names are case-sensitive") << u"&Amp; &AMP; &EACUTE;"_s << u"&Amp; & &EACUTE;"_s;
    QTest::newRow("very long name") << u"&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;"_s
                                    << u"&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;"_s;
    QTest::newRow("escaped markup is text")
        << u"&lt;p&gt;not a tag&lt;/p&gt;"_s << u"<p>not a tag</p>"_s;
    QTest::newRow("numeric whitespace collapses") << u"a&#10;&#32; b&#160;&#160;c"_s << u"a b  c"_s;
    QTest::newRow("HTML5 names") << u"&check; &star; &phone; &half; &NewLine;x&commat;y"_s
                                 << u"\u2713 \u2606 \u260e \u00bd x@y"_s;
}

void TestHtmlToText::brokenMarkup_data()
{
    addColumns();
    QTest::newRow("< in text") << u"a < b and c > d"_s << u"a < b and c > d"_s;
    QTest::newRow("<3 and <=") << u"I <3 mail, x <= y"_s << u"I <3 mail, x <= y"_s;
    QTest::newRow("< before a letter, no > after") << u"if a<b then"_s << u"if a<b then"_s;
    QTest::newRow("> inside a quoted attribute")
        << u"<a title=\"x > y\" href=\"https://a.example/\">t</a>"_s << u"t <https://a.example/>"_s;
    QTest::newRow("> inside single quotes") << u"<img alt='a > b'>"_s << u"[a > b]"_s;
    QTest::newRow("tag cut off at the end") << u"text<div class=\"x"_s << u"text<div class=\"x"_s;
    QTest::newRow("quote never closed")
        << u"<p title=\"oops>Hello</p><p>World</p>"_s << u"Hello\n\nWorld"_s;
    QTest::newRow("mixed case") << u"<DIV>A</DiV><P>B</p>"_s << u"A\n\nB"_s;
    QTest::newRow("stray end tags")
        << u"</div></ul></blockquote></table></a></pre>text"_s << u"text"_s;
    QTest::newRow("doctype and processing instruction")
        << u"<!DOCTYPE html><?xml version=\"1.0\"?>text"_s << u"text"_s;
    QTest::newRow("CDATA is literal text")
        << u"a<![CDATA[<b>x</b> &amp; y]]>b"_s << u"a<b>x</b> &amp; yb"_s;
    QTest::newRow("unterminated CDATA") << u"a<![CDATA[rest"_s << u"arest"_s;
    QTest::newRow("bogus end tag") << u"a</ b>c"_s << u"ac"_s;
    QTest::newRow("empty end tag") << u"a</>b"_s << u"ab"_s;
    QTest::newRow("lone < and & at the end") << u"a&<"_s << u"a&<"_s;
    QTest::newRow("lone </ at the end") << u"a</"_s << u"a</"_s;
    QTest::newRow("tag over several lines")
        << u"<a\nhref=\"https://a.example/\"\n>x</a>"_s << u"x <https://a.example/>"_s;
    QTest::newRow("Outlook conditional comments")
        << u"<!--[if mso]><p>Outlook only</p><![endif]--><!--[if !mso]><!--><p>Others</p><!--<![endif]-->"_s
        << u"Others"_s;
    QTest::newRow("Word downlevel-revealed")
        << u"<p><![if !supportLists]>1.<![endif]>Item</p>"_s << u"1.Item"_s;
    QTest::newRow("namespaced Office tags")
        << u"<p>a<o:p></o:p></p><p><o:p>&nbsp;</o:p></p><p>b</p>"_s << u"a\n\nb"_s;
    QTest::newRow("NUL in a tag name") << u"<a\u0000b>x</a\u0000b>"_s << u"x"_s;
}

// Whole messages as the senders' programs wrote them (Outlook, Gmail, a newsletter tool...):
// tests/data/htmltotext/NAME.html converts to NAME.txt, which as a text file ends with one
// newline more than the conversion does.
void TestHtmlToText::realMail_data()
{
    addColumns();
    const QDir dir(QString::fromUtf8(MAGPIE_TEST_DATA_DIR) + u"/htmltotext");
    const QStringList names = dir.entryList({ u"*.html"_s }, QDir::Files, QDir::Name);
    QVERIFY2(names.size() >= 8, "the sample messages are missing");
    for (const QString &name : names) {
        const QString html = readUtf8(dir.filePath(name));
        QString text = readUtf8(dir.filePath(QFileInfo(name).completeBaseName() + u".txt"));
        QVERIFY2(text.endsWith(u'\n'), qPrintable(name));
        text.chop(1);
        QTest::newRow(name.toUtf8().constData()) << html << text;
    }
}

void TestHtmlToText::entityTableHasLatin1AndMore()
{
    // The whole Latin-1 block, in code point order from U+00A0.
    static const char *const latin1[] = {
        "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
        "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
        "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
        "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
        "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
        "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
        "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
        "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
        "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
        "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
        "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
    };
    static_assert(std::size(latin1) == 96);
    for (std::size_t i = 0; i < std::size(latin1); ++i)
        QCOMPARE(HtmlEntities::lookup(QString::fromLatin1(latin1[i])), char32_t(0xA0 + i));

    QVERIFY(HtmlEntities::count() >= 250);
    QCOMPARE(HtmlEntities::lookup(u"AElig"), char32_t(0xC6)); // first in byte order
    QCOMPARE(HtmlEntities::lookup(u"zwnj"), char32_t(0x200C)); // last
    QCOMPARE(HtmlEntities::lookup(u"euro"), char32_t(0x20AC));
    QCOMPARE(HtmlEntities::lookup(u"hellip"), char32_t(0x2026));
    QCOMPARE(HtmlEntities::lookup(u"rsquo"), char32_t(0x2019));
    QCOMPARE(HtmlEntities::lookup(u"OElig"), char32_t(0x152));
    QCOMPARE(HtmlEntities::lookup(u"ohm"), char32_t(0x3A9));
    QCOMPARE(HtmlEntities::lookup(u"lang"), char32_t(0x27E8));
    QCOMPARE(HtmlEntities::lookup(u"Eacut"), char32_t(0));
    QCOMPARE(HtmlEntities::lookup(u"eacutee"), char32_t(0));
    QCOMPARE(HtmlEntities::lookup(u""), char32_t(0));
    QCOMPARE(HtmlEntities::lookup(u"\u00e9"), char32_t(0));
}

void TestHtmlToText::hugeInput()
{
    // About 10 MB of a realistic mix. The expected text is built from the same pieces by the
    // rules, so the whole result can be compared, not just sampled.
    QString html;
    QString expected;
    html.reserve(11'000'000);
    int blocks = 0;
    while (html.size() < 5'000'000) { // 5M UTF-16 code units = 10 MB
        const QString n = QString::number(blocks);
        html += u"<div class=\"item\"><h2>Item " + n
            + u"</h2><p>Caf&eacute; &amp; cr&egrave;me&nbsp;br&ucirc;l&eacute;e,\n  line " + n
            + u".</p><table><tr><td>Price</td><td>&euro;" + n
            + u"</td></tr></table><ul><li>one</li><li>two</li></ul>"
              u"<a href=\"https://example.com/"
            + n + u"\">more</a><!-- c --></div>\n";
        if (blocks > 0)
            expected += u"\n\n";
        expected += u"Item " + n + u"\n\nCafé & crème brûlée, line " + n + u".\n\nPrice | €" + n
            + u"\n- one\n- two\nmore <https://example.com/" + n + u'>';
        ++blocks;
    }
    const QString text = HtmlToText::convert(html);
    QCOMPARE(text.size(), expected.size());
    QVERIFY(text == expected);
}

void TestHtmlToText::deepNesting()
{
    // No recursion to overflow, and indentation stops growing (32 levels) instead of making
    // the output quadratic in the input.
    const int depth = 100'000;
    const QString html =
        u"<blockquote><ul><li><table><tr><td><div><span>"_s.repeated(depth) + u"deep"_s;
    QCOMPARE(HtmlToText::convert(html), u"> "_s.repeated(32) + QString(62, u' ') + u"- deep"_s);

    const QString lists = u"<ul><li>a"_s.repeated(depth);
    const QStringList lines = HtmlToText::convert(lists).split(u'\n');
    QCOMPARE(lines.size(), depth);
    QCOMPARE(lines.at(0), u"- a"_s);
    QCOMPARE(lines.at(1), u"  - a"_s);
    QCOMPARE(lines.last(), QString(62, u' ') + u"- a"_s);
}

void TestHtmlToText::pathologicalInputs()
{
    const int count = 1'000'000;
    // Each '<' could start a tag; none ends, so all of it is text.
    const QString noTagEnds = u"<a"_s.repeated(count);
    QCOMPARE(HtmlToText::convert(noTagEnds), noTagEnds);
    // Every '>' sits inside quotes: once that is clear, quotes stop counting.
    QCOMPARE(HtmlToText::convert(u"<a x=\">\""_s.repeated(count)), QString(count, u'"'));
    // An unterminated comment hides the rest, however long.
    QCOMPARE(HtmlToText::convert(u"x<!--"_s + u"<p>a</p>"_s.repeated(count)), u"x"_s);
    QCOMPARE(HtmlToText::convert(u"x"_s + u"<br>"_s.repeated(count) + u"y"_s), u"x\n\ny"_s);
    QCOMPARE(HtmlToText::convert(u"&"_s.repeated(count)), u"&"_s.repeated(count));
    QCOMPARE(HtmlToText::convert(u"&#"_s + u"9"_s.repeated(count) + u";"_s), u"\ufffd"_s);
    QCOMPARE(HtmlToText::convert(u"<script>"_s.repeated(count)), QString());
    QCOMPARE(HtmlToText::convert(u"<td>x"_s.repeated(count)), u"x"_s.repeated(count));
    QCOMPARE(HtmlToText::convert(u"<table><tr><td>x</td><td>y"_s.repeated(count / 10)),
             u"x | y"_s + u"\nx | y"_s.repeated(count / 10 - 1));
}

void TestHtmlToText::randomMarkupKeepsLineRules()
{
    // Random soup of the pieces that interact: whatever comes out has no leading or trailing
    // blank line, no two blank lines in a row, and no line ending in whitespace.
    static const char16_t *const pieces[] = {
        u"<p>",
        u"</p>",
        u"<br>",
        u"<div>",
        u"</div>",
        u"<ul>",
        u"<li>",
        u"</ul>",
        u"<ol start=3>",
        u"</ol>",
        u"<table>",
        u"<tr>",
        u"<td>",
        u"</td>",
        u"</tr>",
        u"</table>",
        u"<blockquote>",
        u"</blockquote>",
        u"<pre>",
        u"</pre>",
        u"<a href='https://x.example/'>",
        u"</a>",
        u"<img alt='i'>",
        u"&nbsp;",
        u"&amp;",
        u"&#x41;",
        u"&",
        u"<",
        u">",
        u" ",
        u"\n",
        u"\t",
        u"word",
        u"<!--",
        u"-->",
        u"<script>",
        u"</script>",
        u"<![CDATA[",
        u"]]>",
        u"\"",
        u"'",
        u"=",
        u"<head>",
        u"</head>",
        u"<h1>",
        u"\u00a0",
        u"\r\n",
        u"\u2003",
        u"<a href=\"mailto:a@b.example\">",
        u"</li>",
    };
    QRandomGenerator random(20240304);
    for (int round = 0; round < 3000; ++round) {
        QString html;
        const int length = int(random.bounded(60));
        for (int i = 0; i < length; ++i)
            html += QStringView(pieces[random.bounded(int(std::size(pieces)))]);
        const QString text = HtmlToText::convert(html);
        const auto fail = [&](const char *rule) {
            return QStringLiteral("%1 for %2").arg(QLatin1StringView(rule), html).toUtf8();
        };
        QVERIFY2(!text.startsWith(u'\n'), fail("leading line break").constData());
        QVERIFY2(!text.endsWith(u'\n'), fail("trailing line break").constData());
        QVERIFY2(!text.contains(u"\n\n\n"), fail("two blank lines").constData());
        const QStringList lines = text.split(u'\n');
        for (const QString &line : lines) {
            QVERIFY2(!line.endsWith(u' ') && !line.endsWith(u'\t') && !line.endsWith(u'\u2003'),
                     fail("trailing whitespace").constData());
        }
    }
}

QTEST_GUILESS_MAIN(TestHtmlToText)
#include "tst_htmltotext.moc"
