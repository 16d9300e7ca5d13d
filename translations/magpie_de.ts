<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>MainWindow</name>
    <message>
        <source>Magpie</source>
        <translation>Magpie</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>No message selected</source>
        <translation>Keine Nachricht ausgewählt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>&amp;Nachricht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptsymbolleiste</translation>
    </message>
    <message>
        <source>Get Mail</source>
        <translation>Nachrichten abrufen</translation>
    </message>
    <message>
        <source>Check every account for new mail</source>
        <translation>Alle Konten auf neue Nachrichten prüfen</translation>
    </message>
    <message>
        <source>&amp;Write</source>
        <translation>&amp;Verfassen</translation>
    </message>
    <message>
        <source>Write a new message</source>
        <translation>Eine neue Nachricht verfassen</translation>
    </message>
    <message>
        <source>&amp;Reply</source>
        <translation>&amp;Antworten</translation>
    </message>
    <message>
        <source>Reply to the sender</source>
        <translation>Dem Absender antworten</translation>
    </message>
    <message>
        <source>Reply &amp;All</source>
        <translation>A&amp;llen antworten</translation>
    </message>
    <message>
        <source>Reply to the sender and all recipients</source>
        <translation>Dem Absender und allen Empfängern antworten</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>&amp;Weiterleiten</translation>
    </message>
    <message>
        <source>Forward the message</source>
        <translation>Die Nachricht weiterleiten</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Move the selected messages to the Trash</source>
        <translation>Die ausgewählten Nachrichten in den Papierkorb verschieben</translation>
    </message>
    <message>
        <source>Arc&amp;hive</source>
        <translation>Arc&amp;hivieren</translation>
    </message>
    <message>
        <source>Move the selected messages to the Archive folder</source>
        <translation>Die ausgewählten Nachrichten in den Archivordner verschieben</translation>
    </message>
    <message>
        <source>&amp;Move To</source>
        <translation>&amp;Verschieben nach</translation>
    </message>
    <message>
        <source>Move the selected messages to another folder</source>
        <translation>Die ausgewählten Nachrichten in einen anderen Ordner verschieben</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Search all folders</source>
        <translation>Alle Ordner durchsuchen</translation>
    </message>
    <message>
        <source>S&amp;ettings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;About Magpie</source>
        <translation>Ü&amp;ber Magpie</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
</context>
<context>
    <name>magpie-cli</name>
    <message>
        <source>What to do.</source>
        <translation>Was zu tun ist.</translation>
    </message>
    <message>
        <source>Print a message&apos;s headers, MIME structure, text and attachments as JSON.</source>
        <translation>Kopfzeilen, MIME-Struktur, Text und Anhänge einer Nachricht als JSON ausgeben.</translation>
    </message>
    <message>
        <source>The message (.eml), or - for standard input.</source>
        <translation>Die Nachricht (.eml) oder - für die Standardeingabe.</translation>
    </message>
    <message>
        <source>Magpie&apos;s mail engines on the command line.

Commands:
  inspect FILE   print a message&apos;s structure and text as JSON</source>
        <translation>Die Mail-Engines von Magpie auf der Kommandozeile.

Befehle:
  inspect FILE   Struktur und Text einer Nachricht als JSON ausgeben</translation>
    </message>
</context>
<context>
    <name>magpie::app::CommandLine</name>
    <message>
        <source>Magpie, a desktop mail client.</source>
        <translation>Magpie, ein E-Mail-Programm für den Desktop.</translation>
    </message>
    <message>
        <source>Save a picture of the main window to &lt;file&gt; and quit.</source>
        <translation>Ein Bild des Hauptfensters in &lt;file&gt; speichern und beenden.</translation>
    </message>
</context>
<context>
    <name>magpie::app::MainWindow</name>
    <message>
        <source>No account is set up yet.</source>
        <translation>Es ist noch kein Konto eingerichtet.</translation>
    </message>
    <message>
        <source>About Magpie</source>
        <translation>Über Magpie</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Magpie %1&lt;/h3&gt;&lt;p&gt;A desktop mail client with its own IMAP, POP3 and SMTP engines.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;&lt;p&gt;Magpie is free software under the GNU General Public License, version 3 or later. Its icons were drawn for Magpie and share that licence.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Magpie %1&lt;/h3&gt;&lt;p&gt;Ein E-Mail-Programm für den Desktop mit eigenen IMAP-, POP3- und SMTP-Engines.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2, läuft mit Qt %3.&lt;/p&gt;&lt;p&gt;Magpie ist freie Software unter der GNU General Public License, Version 3 oder später. Seine Symbole wurden für Magpie gezeichnet und stehen unter derselben Lizenz.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>magpie::cli::InspectCommand</name>
    <message>
        <source>magpie-cli: cannot read %1: %2</source>
        <translation>magpie-cli: %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>magpie-cli: cannot write the result: %1</source>
        <translation>magpie-cli: Das Ergebnis kann nicht geschrieben werden: %1</translation>
    </message>
</context>
<context>
    <name>magpie::mime</name>
    <message>
        <source>Parameter %1 has part %2 more than once; the first is used.</source>
        <translation>Parameter %1 enthält Teil %2 mehrfach; der erste wird verwendet.</translation>
    </message>
    <message>
        <source>Parameter %1 is missing part %2.</source>
        <translation>Bei Parameter %1 fehlt Teil %2.</translation>
    </message>
    <message>
        <source>Parameter %1 does not give its character set.</source>
        <translation>Parameter %1 gibt seinen Zeichensatz nicht an.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::AddressList</name>
    <message>
        <source>Ignored &quot;%1&quot;: it holds no email address.</source>
        <translation>„%1“ wurde ignoriert: Es enthält keine E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>Ignored &quot;%1&quot;: it is not a complete email address.</source>
        <translation>„%1“ wurde ignoriert: Es ist keine vollständige E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>Ignored &quot;%1&quot; after an email address.</source>
        <translation>„%1“ nach einer E-Mail-Adresse wurde ignoriert.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an email address: it needs a name, an @ and a domain, like alice@example.com.</source>
        <translation>„%1“ ist keine E-Mail-Adresse: Eine Adresse benötigt einen Namen, ein @ und eine Domain, etwa alice@example.com.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an email address: the part before the @ has characters that are not allowed there.</source>
        <translation>„%1“ ist keine E-Mail-Adresse: Der Teil vor dem @ enthält Zeichen, die dort nicht erlaubt sind.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has non-ASCII characters before the @, which the mail server does not accept (it lacks SMTPUTF8).</source>
        <translation>„%1“ enthält vor dem @ Nicht-ASCII-Zeichen, die der Mailserver nicht annimmt (er unterstützt SMTPUTF8 nicht).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has an invalid domain literal.</source>
        <translation>„%1“ enthält ein ungültiges Domain-Literal.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an email address: the domain after the @ is not valid.</source>
        <translation>„%1“ ist keine E-Mail-Adresse: Die Domain nach dem @ ist ungültig.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::Forward</name>
    <message>
        <source>-------- Forwarded Message --------</source>
        <translation>-------- Weitergeleitete Nachricht --------</translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation>Betreff: %1</translation>
    </message>
    <message>
        <source>Date: %1</source>
        <translation>Datum: %1</translation>
    </message>
    <message>
        <source>From: %1</source>
        <translation>Von: %1</translation>
    </message>
    <message>
        <source>To: %1</source>
        <translation>An: %1</translation>
    </message>
    <message>
        <source>Cc: %1</source>
        <translation>Kopie (CC): %1</translation>
    </message>
</context>
<context>
    <name>magpie::mime::HeaderBlock</name>
    <message>
        <source>Line %1 of a header block is not a header field; it was skipped.</source>
        <translation>Zeile %1 eines Kopfzeilenblocks ist keine Kopfzeile; sie wurde übersprungen.</translation>
    </message>
    <message>
        <source>The header ends without an empty line; line %1 and what follows it are taken as the body.</source>
        <translation>Der Nachrichtenkopf endet ohne Leerzeile; Zeile %1 und alles Folgende werden als Nachrichtentext behandelt.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::HeaderField</name>
    <message>
        <source>A header name must be printable ASCII without spaces or colons.</source>
        <translation>Ein Kopfzeilenname muss aus druckbaren ASCII-Zeichen ohne Leerzeichen und Doppelpunkte bestehen.</translation>
    </message>
    <message>
        <source>A header value cannot contain a line break.</source>
        <translation>Ein Kopfzeilenwert darf keinen Zeilenumbruch enthalten.</translation>
    </message>
    <message>
        <source>A header value cannot contain a NUL character.</source>
        <translation>Ein Kopfzeilenwert darf kein NUL-Zeichen enthalten.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::HeaderParameters</name>
    <message>
        <source>A &quot;;&quot; is missing after the value.</source>
        <translation>Nach dem Wert fehlt ein „;“.</translation>
    </message>
    <message>
        <source>The field has no value before its parameters.</source>
        <translation>Das Feld hat vor seinen Parametern keinen Wert.</translation>
    </message>
    <message>
        <source>Parameter %1 has no value.</source>
        <translation>Parameter %1 hat keinen Wert.</translation>
    </message>
    <message>
        <source>A &quot;;&quot; is missing after parameter %1.</source>
        <translation>Nach Parameter %1 fehlt ein „;“.</translation>
    </message>
    <message>
        <source>Parameter %1 appears more than once; the first is used.</source>
        <translation>Parameter %1 kommt mehrfach vor; der erste wird verwendet.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::Message</name>
    <message>
        <source>The base64 data of part %1 is damaged; what could be read is shown.</source>
        <translation>Die base64-Daten von Teil %1 sind beschädigt; angezeigt wird, was gelesen werden konnte.</translation>
    </message>
    <message>
        <source>The quoted-printable text of part %1 is damaged; it is shown as well as it could be read.</source>
        <translation>Der quoted-printable-Text von Teil %1 ist beschädigt; er wird so gut wie möglich angezeigt.</translation>
    </message>
    <message>
        <source>The uuencode data of part %1 is damaged or incomplete.</source>
        <translation>Die uuencode-Daten von Teil %1 sind beschädigt oder unvollständig.</translation>
    </message>
    <message>
        <source>The %1 field holds text that is not an address: %2</source>
        <translation>Das Feld %1 enthält Text, der keine Adresse ist: %2</translation>
    </message>
    <message>
        <source>Part %1 declares the charset &quot;%2&quot;, which is unknown or does not match its text; it was read as %3.</source>
        <translation>Teil %1 gibt den Zeichensatz „%2“ an, der unbekannt ist oder nicht zum Text passt; der Teil wurde als %3 gelesen.</translation>
    </message>
    <message>
        <source>The input is empty: there is no message in it.</source>
        <translation>Die Eingabe ist leer: Sie enthält keine Nachricht.</translation>
    </message>
    <message>
        <source>The input does not start with a header field (no header); all of it is shown as text.</source>
        <translation>Die Eingabe beginnt nicht mit einer Kopfzeile (kein Nachrichtenkopf); sie wird vollständig als Text angezeigt.</translation>
    </message>
    <message>
        <source>The %1 header field holds 8-bit bytes that are not UTF-8; they were read as windows-1252.</source>
        <translation>Die Kopfzeile %1 enthält 8-Bit-Bytes, die kein UTF-8 sind; sie wurden als windows-1252 gelesen.</translation>
    </message>
    <message>
        <source>The Date field &quot;%1&quot; could not be read as a date.</source>
        <translation>Das Date-Feld „%1“ konnte nicht als Datum gelesen werden.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::MessageBuilder</name>
    <message>
        <source>The subject cannot contain a line break.</source>
        <translation>Der Betreff darf keinen Zeilenumbruch enthalten.</translation>
    </message>
    <message>
        <source>The message has no sender address.</source>
        <translation>Die Nachricht hat keine Absenderadresse.</translation>
    </message>
    <message>
        <source>A message id cannot contain spaces, line breaks or angle brackets.</source>
        <translation>Eine Nachrichten-ID darf keine Leerzeichen, Zeilenumbrüche oder spitzen Klammern enthalten.</translation>
    </message>
    <message>
        <source>The attachment &quot;%1&quot; has an invalid content type.</source>
        <translation>Der Anhang „%1“ hat einen ungültigen Inhaltstyp.</translation>
    </message>
    <message>
        <source>The attachment &quot;%1&quot; has an invalid Content-ID.</source>
        <translation>Der Anhang „%1“ hat eine ungültige Content-ID.</translation>
    </message>
    <message>
        <source>The attachment &quot;%1&quot; has an invalid charset.</source>
        <translation>Der Anhang „%1“ hat einen ungültigen Zeichensatz.</translation>
    </message>
    <message>
        <source>The %1 field holds an invalid address.</source>
        <translation>Das Feld %1 enthält eine ungültige Adresse.</translation>
    </message>
    <message>
        <source>The %1 field is written by Magpie itself and cannot be added.</source>
        <translation>Das Feld %1 wird von Magpie selbst geschrieben und kann nicht hinzugefügt werden.</translation>
    </message>
    <message>
        <source>The message has a line longer than 998 characters and cannot be sent.</source>
        <translation>Die Nachricht enthält eine Zeile mit mehr als 998 Zeichen und kann nicht gesendet werden.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::MessageParser</name>
    <message>
        <source>A %1 part has no boundary parameter; it is shown as a single part.</source>
        <translation>Ein Teil vom Typ %1 hat keinen Begrenzungsparameter (boundary); er wird als einzelner Teil angezeigt.</translation>
    </message>
    <message>
        <source>A %1 part ends without its closing boundary; the message may be truncated.</source>
        <translation>Ein Teil vom Typ %1 endet ohne seine abschließende Begrenzung; die Nachricht ist möglicherweise abgeschnitten.</translation>
    </message>
    <message>
        <source>The message has parts nested too deeply; the innermost ones are not shown.</source>
        <translation>Die Nachricht enthält zu tief verschachtelte Teile; die innersten werden nicht angezeigt.</translation>
    </message>
    <message>
        <source>An enclosed message is encoded too many times over; it is kept as a file and not opened (too deeply nested).</source>
        <translation>Eine eingebettete Nachricht wurde zu oft ineinander kodiert; sie wird als Datei aufbewahrt und nicht geöffnet (zu tief verschachtelt).</translation>
    </message>
    <message>
        <source>A part uses the unknown transfer encoding &quot;%1&quot;; it is kept as a file (application/octet-stream, RFC 2045 s6.4).</source>
        <translation>Ein Teil verwendet die unbekannte Transferkodierung „%1“; er wird als Datei aufbewahrt (application/octet-stream, RFC 2045 s6.4).</translation>
    </message>
    <message>
        <source>A header parameter was repaired: %1</source>
        <translation>Ein Kopfzeilenparameter wurde repariert: %1</translation>
    </message>
</context>
<context>
    <name>magpie::mime::Reader</name>
    <message>
        <source>A quoted string is not terminated; it was read to the end.</source>
        <translation>Eine Zeichenkette in Anführungszeichen ist nicht abgeschlossen; sie wurde bis zum Ende gelesen.</translation>
    </message>
    <message>
        <source>Unexpected text was skipped: %1</source>
        <translation>Unerwarteter Text wurde übersprungen: %1</translation>
    </message>
    <message>
        <source>A comment is not terminated; it was read to the end.</source>
        <translation>Ein Kommentar ist nicht abgeschlossen; er wurde bis zum Ende gelesen.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::Reply</name>
    <message>
        <source>someone</source>
        <translation>jemand</translation>
    </message>
    <message>
        <source>On %1, %2 wrote:</source>
        <translation>Am %1 schrieb %2:</translation>
    </message>
    <message>
        <source>%1 wrote:</source>
        <translation>%1 schrieb:</translation>
    </message>
</context>
<context>
    <name>magpie::server::DurableFile</name>
    <message>
        <source>Could not %1: the disk holding the mail store is full, so nothing was stored. Free some space and try again.</source>
        <translation>Fehler beim %1: Die Festplatte mit dem E-Mail-Speicher ist voll, daher wurde nichts gespeichert. Geben Sie Speicherplatz frei und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Could not %1: %2.</source>
        <translation>Fehler beim %1: %2.</translation>
    </message>
    <message>
        <source>Could not %1: the message is no longer on disk.</source>
        <translation>Fehler beim %1: Die Nachricht ist nicht mehr auf der Festplatte vorhanden.</translation>
    </message>
</context>
<context>
    <name>magpie::server::FaultRule</name>
    <message>
        <source>The fault &quot;%1&quot; is not PROTOCOL:COMMAND:ACTION[:ARGUMENT].</source>
        <translation>Die Fehlerregel „%1“ hat nicht die Form PROTOCOL:COMMAND:ACTION[:ARGUMENT].</translation>
    </message>
    <message>
        <source>The fault &quot;%1&quot; names the protocol &quot;%2&quot;; use smtp, pop3 or imap.</source>
        <translation>Die Fehlerregel „%1“ nennt das Protokoll „%2“; verwenden Sie smtp, pop3 oder imap.</translation>
    </message>
    <message>
        <source>The fault &quot;%1&quot; names no command.</source>
        <translation>Die Fehlerregel „%1“ nennt keinen Befehl.</translation>
    </message>
    <message>
        <source>The fault &quot;%1&quot; has the unknown action &quot;%2&quot;; use reply, drop-before-reply, drop-after-reply, drop-after-bytes or drop-after-received.</source>
        <translation>Die Fehlerregel „%1“ hat die unbekannte Aktion „%2“; verwenden Sie reply, drop-before-reply, drop-after-reply, drop-after-bytes oder drop-after-received.</translation>
    </message>
    <message>
        <source>The fault &quot;%1&quot; needs an argument after &quot;%2:&quot;.</source>
        <translation>Die Fehlerregel „%1“ benötigt nach „%2:“ ein Argument.</translation>
    </message>
    <message>
        <source>The fault &quot;%1&quot; takes no argument after &quot;%2&quot;.</source>
        <translation>Die Fehlerregel „%1“ akzeptiert nach „%2“ kein Argument.</translation>
    </message>
    <message>
        <source>The reply of the fault &quot;%1&quot; must be one line.</source>
        <translation>Die Antwort der Fehlerregel „%1“ muss aus einer einzigen Zeile bestehen.</translation>
    </message>
    <message>
        <source>The fault &quot;%1&quot; needs a byte count, not &quot;%2&quot;.</source>
        <translation>Die Fehlerregel „%1“ benötigt eine Byteanzahl, nicht „%2“.</translation>
    </message>
</context>
<context>
    <name>magpie::server::LocalUser</name>
    <message>
        <source>The user &quot;%1&quot; has no password; write it as address:password.</source>
        <translation>Der Benutzer „%1“ hat kein Passwort; schreiben Sie ihn als Adresse:Passwort.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a mail address; a user is named by its address, such as alice@example.test.</source>
        <translation>„%1“ ist keine E-Mail-Adresse; ein Benutzer wird mit seiner Adresse benannt, etwa alice@example.test.</translation>
    </message>
</context>
<context>
    <name>magpie::server::MailStore</name>
    <message>
        <source>&quot;%1&quot; cannot be a user of this mail store: it is empty, starts with a dot or holds &quot;/&quot;, &quot;\&quot; or a control character.</source>
        <translation>„%1“ kann kein Benutzer dieses E-Mail-Speichers sein: Der Name ist leer, beginnt mit einem Punkt oder enthält „/“, „\“ oder ein Steuerzeichen.</translation>
    </message>
    <message>
        <source>A mailbox named &quot;%1&quot; already exists.</source>
        <translation>Ein Postfach namens „%1“ existiert bereits.</translation>
    </message>
    <message>
        <source>INBOX cannot be deleted.</source>
        <translation>INBOX kann nicht gelöscht werden.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has mailboxes below it; delete those first.</source>
        <translation>„%1“ enthält untergeordnete Postfächer; löschen Sie diese zuerst.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot move into a mailbox below itself.</source>
        <translation>„%1“ kann nicht in ein ihm untergeordnetes Postfach verschoben werden.</translation>
    </message>
    <message>
        <source>There is no message with UID %1 in &quot;%2&quot;.</source>
        <translation>In „%2“ gibt es keine Nachricht mit der UID %1.</translation>
    </message>
    <message>
        <source>A message needs a recipient.</source>
        <translation>Eine Nachricht benötigt einen Empfänger.</translation>
    </message>
    <message>
        <source>There is no user %1 in this mail store.</source>
        <translation>In diesem E-Mail-Speicher gibt es keinen Benutzer %1.</translation>
    </message>
    <message>
        <source>There is no mailbox &quot;%1&quot;.</source>
        <translation>Es gibt kein Postfach „%1“.</translation>
    </message>
</context>
<context>
    <name>magpie::server::MailboxPath</name>
    <message>
        <source>A mailbox needs a name.</source>
        <translation>Ein Postfach benötigt einen Namen.</translation>
    </message>
    <message>
        <source>A mailbox name cannot contain control characters.</source>
        <translation>Ein Postfachname darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>A mailbox name cannot contain &quot;*&quot; or &quot;%&quot;, which LIST uses as wildcards.</source>
        <translation>Ein Postfachname darf weder „*“ noch „%“ enthalten, da LIST diese als Platzhalter verwendet.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has an empty level between two &quot;/&quot;.</source>
        <translation>„%1“ enthält eine leere Ebene zwischen zwei „/“.</translation>
    </message>
</context>
<context>
    <name>magpie::server::MaildirScan</name>
    <message>
        <source>read the folder %1</source>
        <translation>Lesen des Ordners %1</translation>
    </message>
</context>
<context>
    <name>magpie::server::MaildirStorage</name>
    <message>
        <source>Could not use %1 for mail: it cannot be made into a directory.</source>
        <translation>%1 kann nicht für E-Mails verwendet werden: Dort lässt sich kein Verzeichnis anlegen.</translation>
    </message>
    <message>
        <source>open the mail store in %1</source>
        <translation>Öffnen des E-Mail-Speichers in %1</translation>
    </message>
    <message>
        <source>Another program (probably another magpie-server) is using the mail store in %1. Stop it, or choose another directory.</source>
        <translation>Ein anderes Programm (vermutlich ein weiterer magpie-server) verwendet den E-Mail-Speicher in %1. Beenden Sie es oder wählen Sie ein anderes Verzeichnis.</translation>
    </message>
    <message>
        <source>lock the mail store in %1</source>
        <translation>Sperren des E-Mail-Speichers in %1</translation>
    </message>
    <message>
        <source>The mailbox name &quot;%1&quot; is too long to keep on disk.</source>
        <translation>Der Postfachname „%1“ ist zu lang, um auf der Festplatte gespeichert zu werden.</translation>
    </message>
    <message>
        <source>create the mailbox &quot;%1&quot;</source>
        <translation>Anlegen des Postfachs „%1“</translation>
    </message>
    <message>
        <source>create the mail directory of %1</source>
        <translation>Anlegen des E-Mail-Verzeichnisses von %1</translation>
    </message>
    <message>
        <source>Could not %1: %2 is already there.</source>
        <translation>Fehler beim %1: %2 ist bereits vorhanden.</translation>
    </message>
    <message>
        <source>save the subscriptions of %1</source>
        <translation>Speichern der Abonnements von %1</translation>
    </message>
    <message>
        <source>delete the mailbox &quot;%1&quot;</source>
        <translation>Löschen des Postfachs „%1“</translation>
    </message>
    <message>
        <source>rename the mailbox &quot;%1&quot; to &quot;%2&quot;</source>
        <translation>Umbenennen des Postfachs „%1“ in „%2“</translation>
    </message>
    <message>
        <source>rename a mailbox</source>
        <translation>Umbenennen eines Postfachs</translation>
    </message>
    <message>
        <source>write a message into %1&apos;s mailbox &quot;%2&quot;</source>
        <translation>Schreiben einer Nachricht in das Postfach „%2“ von %1</translation>
    </message>
    <message>
        <source>write a message into %1</source>
        <translation>Schreiben einer Nachricht in %1</translation>
    </message>
    <message>
        <source>read message %1 of &quot;%2&quot;</source>
        <translation>Lesen der Nachricht %1 in „%2“</translation>
    </message>
    <message>
        <source>copy messages from &quot;%1&quot; to &quot;%2&quot;</source>
        <translation>Kopieren von Nachrichten aus „%1“ nach „%2“</translation>
    </message>
    <message>
        <source>change flags in &quot;%1&quot;</source>
        <translation>Ändern von Markierungen in „%1“</translation>
    </message>
    <message>
        <source>remove messages from &quot;%1&quot;</source>
        <translation>Entfernen von Nachrichten aus „%1“</translation>
    </message>
</context>
<context>
    <name>magpie::server::Pop3Command</name>
    <message>
        <source>PASS needs the password.</source>
        <translation>PASS benötigt das Passwort.</translation>
    </message>
    <message>
        <source>%1 takes a message number: 1, 2, 3 ...</source>
        <translation>%1 erwartet eine Nachrichtennummer: 1, 2, 3 ...</translation>
    </message>
    <message>
        <source>USER takes your user name, which is your mail address.</source>
        <translation>USER erwartet Ihren Benutzernamen, also Ihre E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>%1 takes no arguments.</source>
        <translation>%1 akzeptiert keine Argumente.</translation>
    </message>
    <message>
        <source>%1 takes at most a message number.</source>
        <translation>%1 akzeptiert höchstens eine Nachrichtennummer.</translation>
    </message>
    <message>
        <source>%1 takes a message number.</source>
        <translation>%1 erwartet eine Nachrichtennummer.</translation>
    </message>
    <message>
        <source>TOP takes a message number and a number of lines.</source>
        <translation>TOP erwartet eine Nachrichtennummer und eine Zeilenanzahl.</translation>
    </message>
    <message>
        <source>TOP takes a number of lines: 0 or more.</source>
        <translation>TOP erwartet eine Zeilenanzahl: 0 oder mehr.</translation>
    </message>
    <message>
        <source>Write AUTH, a mechanism and optionally an initial response.</source>
        <translation>Schreiben Sie AUTH, einen Mechanismus und optional eine Anfangsantwort.</translation>
    </message>
</context>
<context>
    <name>magpie::server::SaslLogin</name>
    <message>
        <source>The LOGIN response is empty.</source>
        <translation>Die LOGIN-Antwort ist leer.</translation>
    </message>
    <message>
        <source>The LOGIN response holds a NUL byte.</source>
        <translation>Die LOGIN-Antwort enthält ein NUL-Byte.</translation>
    </message>
    <message>
        <source>The LOGIN response is too long.</source>
        <translation>Die LOGIN-Antwort ist zu lang.</translation>
    </message>
    <message>
        <source>The LOGIN response is not UTF-8 text.</source>
        <translation>Die LOGIN-Antwort ist kein UTF-8-Text.</translation>
    </message>
</context>
<context>
    <name>magpie::server::SaslPlain</name>
    <message>
        <source>The PLAIN response must hold a user name and a password, each after a NUL byte.</source>
        <translation>Die PLAIN-Antwort muss einen Benutzernamen und ein Passwort enthalten, jeweils nach einem NUL-Byte.</translation>
    </message>
    <message>
        <source>The PLAIN response holds more than two NUL bytes.</source>
        <translation>Die PLAIN-Antwort enthält mehr als zwei NUL-Bytes.</translation>
    </message>
    <message>
        <source>The PLAIN response has an empty user name.</source>
        <translation>Die PLAIN-Antwort enthält einen leeren Benutzernamen.</translation>
    </message>
    <message>
        <source>The PLAIN response has an empty password.</source>
        <translation>Die PLAIN-Antwort enthält ein leeres Passwort.</translation>
    </message>
    <message>
        <source>The PLAIN response is too long.</source>
        <translation>Die PLAIN-Antwort ist zu lang.</translation>
    </message>
    <message>
        <source>The PLAIN response is not UTF-8 text.</source>
        <translation>Die PLAIN-Antwort ist kein UTF-8-Text.</translation>
    </message>
    <message>
        <source>Logging in on behalf of another user is not supported.</source>
        <translation>Die Anmeldung im Namen eines anderen Benutzers wird nicht unterstützt.</translation>
    </message>
</context>
<context>
    <name>magpie::server::SaslResponse</name>
    <message>
        <source>The response is not valid base64.</source>
        <translation>Die Antwort ist kein gültiger base64-Text.</translation>
    </message>
</context>
<context>
    <name>magpie::server::Server</name>
    <message>
        <source>A TLS certificate needs its key: give both --tls-cert and --tls-key.</source>
        <translation>Ein TLS-Zertifikat benötigt seinen Schlüssel: Geben Sie sowohl --tls-cert als auch --tls-key an.</translation>
    </message>
    <message>
        <source>Cannot open the mail folder %1: %2</source>
        <translation>Der E-Mail-Ordner %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Cannot set up the mailboxes of %1: %2</source>
        <translation>Die Postfächer von %1 können nicht eingerichtet werden: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address to listen on.</source>
        <translation>„%1“ ist keine IP-Adresse, auf der der Server lauschen kann.</translation>
    </message>
    <message>
        <source>Port %1 (%2) is already in use; choose another base with --port-base.</source>
        <translation>Port %1 (%2) wird bereits verwendet; wählen Sie mit --port-base eine andere Basis.</translation>
    </message>
    <message>
        <source>Cannot listen on %1 (%2): %3</source>
        <translation>Auf %1 (%2) kann nicht gelauscht werden: %3</translation>
    </message>
    <message>
        <source>Cannot take a new %1 connection: %2</source>
        <translation>Eine neue %1-Verbindung kann nicht angenommen werden: %2</translation>
    </message>
</context>
<context>
    <name>magpie::server::ServerConfig</name>
    <message>
        <source>Choose where mail is kept: --data DIR, or --memory for a throw-away server.</source>
        <translation>Wählen Sie, wo E-Mails gespeichert werden: --data VERZEICHNIS oder --memory für einen Wegwerf-Server.</translation>
    </message>
    <message>
        <source>--data and --memory exclude each other.</source>
        <translation>--data und --memory schließen einander aus.</translation>
    </message>
    <message>
        <source>The user %1 is listed twice.</source>
        <translation>Der Benutzer %1 ist doppelt aufgeführt.</translation>
    </message>
    <message>
        <source>The catch-all user %1 is not one of the server&apos;s users.</source>
        <translation>Der Sammelbenutzer %1 ist keiner der Benutzer des Servers.</translation>
    </message>
</context>
<context>
    <name>magpie::server::ServerPorts</name>
    <message>
        <source>The port base must be between 0 and 64540.</source>
        <translation>Die Portbasis muss zwischen 0 und 64540 liegen.</translation>
    </message>
</context>
<context>
    <name>magpie::server::SmtpCommand</name>
    <message>
        <source>Write MAIL FROM:&lt;address&gt;.</source>
        <translation>Schreiben Sie MAIL FROM:&lt;Adresse&gt;.</translation>
    </message>
    <message>
        <source>Write RCPT TO:&lt;address&gt;.</source>
        <translation>Schreiben Sie RCPT TO:&lt;Adresse&gt;.</translation>
    </message>
    <message>
        <source>The sender address needs a domain.</source>
        <translation>Die Absenderadresse benötigt eine Domain.</translation>
    </message>
    <message>
        <source>The recipient address is empty.</source>
        <translation>Die Empfängeradresse ist leer.</translation>
    </message>
    <message>
        <source>Put a space between the address and the parameters.</source>
        <translation>Setzen Sie ein Leerzeichen zwischen die Adresse und die Parameter.</translation>
    </message>
    <message>
        <source>A parameter is malformed.</source>
        <translation>Ein Parameter ist fehlerhaft.</translation>
    </message>
    <message>
        <source>SIZE takes the message size in octets, once.</source>
        <translation>SIZE erwartet die Nachrichtengröße in Oktetten, und zwar nur einmal.</translation>
    </message>
    <message>
        <source>BODY takes 7BIT or 8BITMIME, once.</source>
        <translation>BODY erwartet 7BIT oder 8BITMIME, und zwar nur einmal.</translation>
    </message>
    <message>
        <source>BODY takes 7BIT or 8BITMIME.</source>
        <translation>BODY erwartet 7BIT oder 8BITMIME.</translation>
    </message>
    <message>
        <source>SMTPUTF8 takes no value and comes once.</source>
        <translation>SMTPUTF8 hat keinen Wert und darf nur einmal vorkommen.</translation>
    </message>
    <message>
        <source>AUTH= takes one address or &lt;&gt;.</source>
        <translation>AUTH= erwartet eine Adresse oder &lt;&gt;.</translation>
    </message>
    <message>
        <source>MAIL takes only the SIZE, BODY, SMTPUTF8 and AUTH parameters.</source>
        <translation>MAIL akzeptiert nur die Parameter SIZE, BODY, SMTPUTF8 und AUTH.</translation>
    </message>
    <message>
        <source>RCPT takes no parameters here.</source>
        <translation>RCPT akzeptiert hier keine Parameter.</translation>
    </message>
    <message>
        <source>%1 takes no arguments.</source>
        <translation>%1 akzeptiert keine Argumente.</translation>
    </message>
    <message>
        <source>%1 needs the client&apos;s name, as in &quot;%1 client.example&quot;.</source>
        <translation>%1 benötigt den Namen des Clients, etwa „%1 client.example“.</translation>
    </message>
    <message>
        <source>%1 needs an address.</source>
        <translation>%1 benötigt eine Adresse.</translation>
    </message>
    <message>
        <source>Write AUTH, a mechanism and optionally an initial response.</source>
        <translation>Schreiben Sie AUTH, einen Mechanismus und optional eine Anfangsantwort.</translation>
    </message>
</context>
<context>
    <name>magpie::server::SmtpPath</name>
    <message>
        <source>Write the address in angle brackets, like &lt;alice@example.test&gt;.</source>
        <translation>Schreiben Sie die Adresse in spitze Klammern, etwa &lt;alice@example.test&gt;.</translation>
    </message>
    <message>
        <source>The source route of the address is malformed.</source>
        <translation>Die Quellroute der Adresse ist fehlerhaft.</translation>
    </message>
    <message>
        <source>The source route of the address must end with a colon.</source>
        <translation>Die Quellroute der Adresse muss mit einem Doppelpunkt enden.</translation>
    </message>
    <message>
        <source>The local part of the address (before the @) is malformed.</source>
        <translation>Der lokale Teil der Adresse (vor dem @) ist fehlerhaft.</translation>
    </message>
    <message>
        <source>The local part of the address is longer than 64 octets.</source>
        <translation>Der lokale Teil der Adresse ist länger als 64 Oktette.</translation>
    </message>
    <message>
        <source>The address needs an @ and a domain.</source>
        <translation>Die Adresse benötigt ein @ und eine Domain.</translation>
    </message>
    <message>
        <source>The domain of the address is malformed.</source>
        <translation>Die Domain der Adresse ist fehlerhaft.</translation>
    </message>
    <message>
        <source>The domain of the address is longer than 255 octets.</source>
        <translation>Die Domain der Adresse ist länger als 255 Oktette.</translation>
    </message>
    <message>
        <source>The address must end with &quot;&gt;&quot;.</source>
        <translation>Die Adresse muss mit „&gt;“ enden.</translation>
    </message>
    <message>
        <source>The address is longer than 256 octets.</source>
        <translation>Die Adresse ist länger als 256 Oktette.</translation>
    </message>
    <message>
        <source>The address is not valid UTF-8.</source>
        <translation>Die Adresse ist kein gültiges UTF-8.</translation>
    </message>
</context>
<context>
    <name>magpie::server::TlsIdentity</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>the generated certificate</source>
        <translation>das erzeugte Zertifikat</translation>
    </message>
    <message>
        <source>the generated key</source>
        <translation>der erzeugte Schlüssel</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate (a block that begins with &quot;-----BEGIN CERTIFICATE-----&quot;).</source>
        <translation>%1 enthält kein PEM-Zertifikat (einen Block, der mit „-----BEGIN CERTIFICATE-----“ beginnt).</translation>
    </message>
    <message>
        <source>The private key in %1 is protected by a passphrase, which a server cannot ask for. Store it without one (openssl pkey -in KEY -out PLAIN) and keep the file readable only by you.</source>
        <translation>Der private Schlüssel (%1) ist durch eine Passphrase geschützt, die ein Server nicht abfragen kann. Speichern Sie ihn ohne Passphrase (openssl pkey -in KEY -out PLAIN) und sorgen Sie dafür, dass nur Sie die Datei lesen können.</translation>
    </message>
    <message>
        <source>%1 holds no PEM private key (a block that begins with &quot;-----BEGIN PRIVATE KEY-----&quot;).</source>
        <translation>%1 enthält keinen privaten PEM-Schlüssel (einen Block, der mit „-----BEGIN PRIVATE KEY-----“ beginnt).</translation>
    </message>
    <message>
        <source>The private key in %1 does not belong to the certificate in %2.</source>
        <translation>Der private Schlüssel (%1) gehört nicht zum Zertifikat (%2).</translation>
    </message>
    <message>
        <source>The private key in %1 is of a kind the server cannot use; use an RSA or EC (ECDSA) key.</source>
        <translation>Der private Schlüssel (%1) ist von einem Typ, den der Server nicht verwenden kann; verwenden Sie einen RSA- oder EC-Schlüssel (ECDSA).</translation>
    </message>
    <message>
        <source>The private key in %1 cannot be used.</source>
        <translation>Der private Schlüssel (%1) kann nicht verwendet werden.</translation>
    </message>
    <message>
        <source>Qt&apos;s TLS support cannot use the certificate in %1 or the key in %2.</source>
        <translation>Die TLS-Unterstützung von Qt kann das Zertifikat (%1) oder den Schlüssel (%2) nicht verwenden.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 exists but its key %2 is missing. Delete the certificate to have a new one made, or restore the key.</source>
        <translation>%1 ist vorhanden, aber der zugehörige Schlüssel %2 fehlt. Löschen Sie das Zertifikat, damit ein neues erstellt wird, oder stellen Sie den Schlüssel wieder her.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the server&apos;s certificate.</source>
        <translation>Der Ordner %1 für das Zertifikat des Servers kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>OpenSSL could not make a self-signed certificate.</source>
        <translation>OpenSSL konnte kein selbstsigniertes Zertifikat erstellen.</translation>
    </message>
</context>
<context>
    <name>magpie::server::UidList</name>
    <message>
        <source>save the UID list of %1</source>
        <translation>Speichern der UID-Liste von %1</translation>
    </message>
</context>
<context>
    <name>magpie::server::UsersFile</name>
    <message>
        <source>%1 line %2: %3</source>
        <translation>%1 Zeile %2: %3</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>magpie::store::Database</name>
    <message>
        <source>Magpie cannot create the folder %1 for its mail cache. Check that the disk is not full and that you may write there.</source>
        <translation>Magpie kann den Ordner %1 für seinen E-Mail-Zwischenspeicher nicht anlegen. Prüfen Sie, ob die Festplatte voll ist und ob Sie dort schreiben dürfen.</translation>
    </message>
    <message>
        <source>Magpie cannot open its mail cache %1: %2</source>
        <translation>Magpie kann seinen E-Mail-Zwischenspeicher %1 nicht öffnen: %2</translation>
    </message>
    <message>
        <source>Magpie cannot use its mail cache %1: the file system does not support SQLite&apos;s write-ahead log.</source>
        <translation>Magpie kann seinen E-Mail-Zwischenspeicher %1 nicht verwenden: Das Dateisystem unterstützt das Write-Ahead-Log von SQLite nicht.</translation>
    </message>
    <message>
        <source>The mail cache %1 was written by a newer version of Magpie (schema %2; this version knows %3). Update Magpie, or choose another profile.</source>
        <translation>Der E-Mail-Zwischenspeicher %1 wurde von einer neueren Magpie-Version geschrieben (Schema %2; diese Version kennt %3). Aktualisieren Sie Magpie oder wählen Sie ein anderes Profil.</translation>
    </message>
    <message>
        <source>Magpie could not upgrade its mail cache %1 to schema %2 (%3). The cache was left as it was.</source>
        <translation>Magpie konnte seinen E-Mail-Zwischenspeicher %1 nicht auf Schema %2 aktualisieren (%3). Der Zwischenspeicher blieb unverändert.</translation>
    </message>
</context>
<context>
    <name>magpie::store::SecretStore</name>
    <message>
        <source>No password is saved for %1 yet.</source>
        <translation>Für %1 ist noch kein Passwort gespeichert.</translation>
    </message>
    <message>
        <source>No keychain is available (on Linux, a Secret Service such as GNOME Keyring or KWallet must be running), so Magpie cannot save passwords. It will ask for them once per session instead.</source>
        <translation>Es ist kein Schlüsselbund verfügbar (unter Linux muss ein Secret Service wie GNOME Keyring oder KWallet laufen), daher kann Magpie keine Passwörter speichern. Magpie fragt stattdessen einmal pro Sitzung danach.</translation>
    </message>
    <message>
        <source>The keychain refused access to the password for %1. Unlock the keychain or allow Magpie to use it, then try again.</source>
        <translation>Der Schlüsselbund hat den Zugriff auf das Passwort für %1 verweigert. Entsperren Sie den Schlüsselbund oder erlauben Sie Magpie, ihn zu verwenden, und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The keychain could not handle the password for %1: %2</source>
        <translation>Der Schlüsselbund konnte das Passwort für %1 nicht verarbeiten: %2</translation>
    </message>
</context>
</TS>
