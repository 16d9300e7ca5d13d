// SPDX-License-Identifier: GPL-3.0-or-later
// The application icon files the packages install are read back the way Windows, macOS and
// image libraries read them: every image must be where its directory entry says, of the size
// it claims, and decode as a picture of the drawing (not an empty square).
#include "IconSet.h"

#include <QImage>
#include <QSvgRenderer>
#include <QTest>
#include <QtEndian>

using magpie::installer::IconSet;

namespace {

const QString kDrawing = QStringLiteral(MAGPIE_SOURCE_DIR "/resources/icons/magpie.svg");

quint16 le16(const QByteArray &bytes, qsizetype at)
{
    return qFromLittleEndian<quint16>(bytes.constData() + at);
}

quint32 le32(const QByteArray &bytes, qsizetype at)
{
    return qFromLittleEndian<quint32>(bytes.constData() + at);
}

quint32 be32(const QByteArray &bytes, qsizetype at)
{
    return qFromBigEndian<quint32>(bytes.constData() + at);
}

// Opaque pixels in the middle of the image: the artwork was painted, not just a transparent fill.
bool paintedInTheMiddle(const QImage &image)
{
    const QPoint middle(image.width() / 2, image.height() / 2);
    return qAlpha(image.pixel(middle)) > 0;
}

} // namespace

class TestIconSet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_drawing.load(kDrawing);
        QVERIFY2(m_drawing.isValid(), qPrintable(kDrawing));
    }

    void pngHasTheAskedSizeAndArtwork_data()
    {
        QTest::addColumn<int>("size");
        for (int size : magpie::installer::hicolorSizes())
            QTest::addRow("%d", size) << size;
    }

    void pngHasTheAskedSizeAndArtwork()
    {
        QFETCH(int, size);
        const QImage image = QImage::fromData(IconSet(m_drawing).png(size), "PNG");
        QCOMPARE(image.size(), QSize(size, size));
        QVERIFY(image.hasAlphaChannel());
        QVERIFY(paintedInTheMiddle(image));
        QVERIFY(qAlpha(image.pixel(0, 0)) < 32); // the rounded corner stays (nearly) transparent
    }

    void icoDirectoryPointsAtEachImage()
    {
        const QList<int> sizes = magpie::installer::windowsIconSizes();
        const QByteArray ico = IconSet(m_drawing).ico(sizes);
        QCOMPARE(le16(ico, 0), quint16(0));
        QCOMPARE(le16(ico, 2), quint16(1));
        QCOMPARE(le16(ico, 4), quint16(sizes.size()));
        qsizetype end = 6 + 16 * sizes.size();
        for (qsizetype i = 0; i < sizes.size(); ++i) {
            const qsizetype entry = 6 + 16 * i;
            const int side = quint8(ico.at(entry)) == 0 ? 256 : quint8(ico.at(entry));
            QCOMPARE(side, sizes[i]);
            QCOMPARE(le16(ico, entry + 6), quint16(32));
            const quint32 length = le32(ico, entry + 8);
            const quint32 offset = le32(ico, entry + 12);
            QCOMPARE(qsizetype(offset), end); // images follow each other, none overlaps
            const QImage image = QImage::fromData(ico.mid(offset, length), "PNG");
            QCOMPARE(image.size(), QSize(sizes[i], sizes[i]));
            end += length;
        }
        QCOMPARE(end, ico.size());
    }

    void icnsElementsCoverEveryMacSize()
    {
        const QByteArray icns = IconSet(m_drawing).icns();
        QCOMPARE(icns.left(4), QByteArray("icns"));
        QCOMPARE(qsizetype(be32(icns, 4)), icns.size());
        QMap<QByteArray, int> found;
        qsizetype at = 8;
        while (at < icns.size()) {
            QVERIFY(at + 8 <= icns.size());
            const QByteArray type = icns.mid(at, 4);
            const quint32 length = be32(icns, at + 4);
            QVERIFY(length > 8 && at + qsizetype(length) <= icns.size());
            const QImage image = QImage::fromData(icns.mid(at + 8, length - 8), "PNG");
            QVERIFY2(!image.isNull(), type.constData());
            found.insert(type, image.width());
            at += length;
        }
        QCOMPARE(at, icns.size());
        // Apple's element types and the pixel size each one must hold.
        const QMap<QByteArray, int> expected{
            { "icp4", 16 },  { "icp5", 32 },  { "icp6", 64 },  { "ic07", 128 },
            { "ic08", 256 }, { "ic09", 512 }, { "ic10", 1024 }, { "ic11", 32 },
            { "ic12", 64 },  { "ic13", 256 }, { "ic14", 512 },
        };
        QCOMPARE(found, expected);
    }

private:
    QSvgRenderer m_drawing;
};

QTEST_MAIN(TestIconSet)
#include "tst_iconset.moc"
