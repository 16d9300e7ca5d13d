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
        <source>Magpie&apos;s mail engines on the command line.</source>
        <translation>Die E-Mail-Engines von Magpie auf der Kommandozeile.</translation>
    </message>
    <message>
        <source>What to do.</source>
        <translation>Was zu tun ist.</translation>
    </message>
</context>
<context>
    <name>magpie-server</name>
    <message>
        <source>Magpie&apos;s loopback mail server: SMTP, POP3 and IMAP for local users, for offline use and testing.</source>
        <translation>Der lokale Mailserver von Magpie: SMTP, POP3 und IMAP für lokale Benutzer, zum Offline-Einsatz und zum Testen.</translation>
    </message>
    <message>
        <source>Keep mail in Maildirs under &lt;dir&gt;.</source>
        <translation>E-Mails in Maildirs unter &lt;dir&gt; speichern.</translation>
    </message>
    <message>
        <source>Keep everything in memory.</source>
        <translation>Alles im Arbeitsspeicher halten.</translation>
    </message>
    <message>
        <source>Serve &lt;address:password&gt; (repeatable).</source>
        <translation>&lt;address:password&gt; bedienen (wiederholbar).</translation>
    </message>
    <message>
        <source>Deliver mail for unknown recipients to &lt;user&gt;.</source>
        <translation>E-Mails an unbekannte Empfänger an &lt;user&gt; zustellen.</translation>
    </message>
    <message>
        <source>Move every port: SMTP is &lt;n&gt;+525, IMAP &lt;n&gt;+143, ...</source>
        <translation>Alle Ports verschieben: SMTP ist &lt;n&gt;+525, IMAP &lt;n&gt;+143, …</translation>
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
</TS>
