<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Magpie</source>
        <translation>Über Magpie</translation>
    </message>
    <message>
        <source>A desktop mail client with its own IMAP, POP3 and SMTP engines.</source>
        <translation>Ein E-Mail-Programm für den Desktop mit eigenen Engines für IMAP, POP3 und SMTP.</translation>
    </message>
    <message>
        <source>&amp;Build Information</source>
        <translation>&amp;Build-Informationen</translation>
    </message>
    <message>
        <source>Please include this in bug reports.</source>
        <translation>Bitte fügen Sie dies Ihren Fehlerberichten bei.</translation>
    </message>
    <message>
        <source>&amp;Copy Build Information</source>
        <translation>Build-Informationen &amp;kopieren</translation>
    </message>
    <message>
        <source>&amp;Licences</source>
        <translation>&amp;Lizenzen</translation>
    </message>
    <message>
        <source>&amp;GNU GPL</source>
        <translation>&amp;GNU GPL</translation>
    </message>
</context>
<context>
    <name>AccountSetupDialog</name>
    <message>
        <source>Set Up a Mail Account</source>
        <translation>E-Mail-Konto einrichten</translation>
    </message>
    <message>
        <source>Enter your name, address and password. Magpie looks up the servers of your provider and tests them before adding the account.</source>
        <translation>Geben Sie Ihren Namen, Ihre Adresse und Ihr Passwort ein. Magpie sucht die Server Ihres Anbieters und testet sie, bevor das Konto hinzugefügt wird.</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>Ihr &amp;Name:</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>As others see it, e.g. Alice Example</source>
        <translation>Wie andere ihn sehen, z. B. Alice Beispiel</translation>
    </message>
    <message>
        <source>&amp;Email address:</source>
        <translation>&amp;E-Mail-Adresse:</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>E-Mail-Adresse</translation>
    </message>
    <message>
        <source>alice@example.com</source>
        <translation>alice@example.com</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;Remember password in the keychain</source>
        <translation>Passwort im Schlüsselbund &amp;speichern</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>&amp;Incoming:</source>
        <translation>E&amp;ingehend:</translation>
    </message>
    <message>
        <source>Incoming protocol</source>
        <translation>Protokoll für eingehende Nachrichten</translation>
    </message>
    <message>
        <source>IMAP</source>
        <translation>IMAP</translation>
    </message>
    <message>
        <source>POP3</source>
        <translation>POP3</translation>
    </message>
    <message>
        <source>Incoming server</source>
        <translation>Posteingangs-Server</translation>
    </message>
    <message>
        <source>imap.example.com</source>
        <translation>imap.example.com</translation>
    </message>
    <message>
        <source>Incoming port</source>
        <translation>Port für eingehende Nachrichten</translation>
    </message>
    <message>
        <source>Incoming security</source>
        <translation>Sicherheit für eingehende Nachrichten</translation>
    </message>
    <message>
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>None (unencrypted)</source>
        <translation>Keine (unverschlüsselt)</translation>
    </message>
    <message>
        <source>Incoming user name</source>
        <translation>Benutzername für eingehende Nachrichten</translation>
    </message>
    <message>
        <source>&amp;Outgoing:</source>
        <translation>&amp;Ausgehend:</translation>
    </message>
    <message>
        <source>SMTP</source>
        <translation>SMTP</translation>
    </message>
    <message>
        <source>Outgoing server</source>
        <translation>Postausgangs-Server</translation>
    </message>
    <message>
        <source>smtp.example.com</source>
        <translation>smtp.example.com</translation>
    </message>
    <message>
        <source>Outgoing port</source>
        <translation>Port für ausgehende Nachrichten</translation>
    </message>
    <message>
        <source>Outgoing security</source>
        <translation>Sicherheit für ausgehende Nachrichten</translation>
    </message>
    <message>
        <source>Outgoing user name</source>
        <translation>Benutzername für ausgehende Nachrichten</translation>
    </message>
    <message>
        <source>&amp;Account name:</source>
        <translation>&amp;Kontoname:</translation>
    </message>
    <message>
        <source>Account name</source>
        <translation>Kontoname</translation>
    </message>
    <message>
        <source>Shown in the folder list</source>
        <translation>Wird in der Ordnerliste angezeigt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>&amp;Trust This Certificate</source>
        <translation>Diesem Zertifikat &amp;vertrauen</translation>
    </message>
    <message>
        <source>&amp;Find Settings</source>
        <translation>Einstellungen &amp;finden</translation>
    </message>
    <message>
        <source>Configure &amp;Manually</source>
        <translation>&amp;Manuell einrichten</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
</context>
<context>
    <name>ComposerWindow</name>
    <message>
        <source>Write</source>
        <translation>Verfassen</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;An:</translation>
    </message>
    <message>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Addresses, separated by commas</source>
        <translation>Adressen, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>&amp;Cc:</source>
        <translation>&amp;Cc:</translation>
    </message>
    <message>
        <source>Cc</source>
        <translation>Cc</translation>
    </message>
    <message>
        <source>&amp;Bcc:</source>
        <translation>&amp;Bcc:</translation>
    </message>
    <message>
        <source>Bcc</source>
        <translation>Bcc</translation>
    </message>
    <message>
        <source>Hidden recipients: the others do not see these addresses.</source>
        <translation>Verborgene Empfänger: Die anderen sehen diese Adressen nicht.</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>Be&amp;treff:</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>Nachrichtentext</translation>
    </message>
    <message>
        <source>No attachments. Drop files anywhere on this window to attach them.</source>
        <translation>Keine Anhänge. Ziehen Sie Dateien an eine beliebige Stelle dieses Fensters, um sie anzuhängen.</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Anhänge</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>&amp;Nachricht</translation>
    </message>
    <message>
        <source>F&amp;ormat</source>
        <translation>F&amp;ormat</translation>
    </message>
    <message>
        <source>Composer toolbar</source>
        <translation>Symbolleiste zum Verfassen</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Send the message (it waits in the outbox until it is sent)</source>
        <translation>Die Nachricht senden (sie wartet im Postausgang, bis sie gesendet ist)</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>Save as &amp;Draft</source>
        <translation>Als &amp;Entwurf speichern</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>&amp;Attach Files...</source>
        <translation>Dateien &amp;anhängen...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>&amp;Remove Attachment</source>
        <translation>Anhang ent&amp;fernen</translation>
    </message>
    <message>
        <source>Show &amp;Outbox</source>
        <translation>&amp;Postausgang anzeigen</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>S&amp;chließen</translation>
    </message>
    <message>
        <source>Ctrl+W</source>
        <translation>Ctrl+W</translation>
    </message>
    <message>
        <source>&amp;HTML (Formatted Text)</source>
        <translation>&amp;HTML (formatierter Text)</translation>
    </message>
    <message>
        <source>&amp;Bold</source>
        <translation>&amp;Fett</translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <source>&amp;Italic</source>
        <translation>&amp;Kursiv</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>&amp;Underline</source>
        <translation>&amp;Unterstrichen</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
</context>
<context>
    <name>ConnectionLogDialog</name>
    <message>
        <source>Connection Log</source>
        <translation>Verbindungsprotokoll</translation>
    </message>
    <message>
        <source>Passwords and message contents are removed from this log. Turn on the full log in Settings &gt; Advanced.</source>
        <translation>Passwörter und Nachrichteninhalte werden aus diesem Protokoll entfernt. Schalten Sie das vollständige Protokoll unter Einstellungen &gt; Erweitert ein.</translation>
    </message>
    <message>
        <source>Connection log</source>
        <translation>Verbindungsprotokoll</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Magpie</source>
        <translation>Willkommen bei Magpie</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to Magpie&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Willkommen bei Magpie&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Magpie has no mail account yet. Add yours, or look around first in a demo mailbox that runs on this computer only.</source>
        <translation>Magpie hat noch kein E-Mail-Konto. Fügen Sie Ihres hinzu oder sehen Sie sich zuerst in einem Demo-Postfach um, das nur auf diesem Computer läuft.</translation>
    </message>
    <message>
        <source>Try Magpie with a local demo mailbox</source>
        <translation>Magpie mit einem lokalen Demo-Postfach ausprobieren</translation>
    </message>
    <message>
        <source>A small mail server inside Magpie with example messages. Mail you send there stays on this computer.</source>
        <translation>Ein kleiner Mailserver in Magpie mit Beispielnachrichten. Nachrichten, die Sie dort senden, bleiben auf diesem Computer.</translation>
    </message>
    <message>
        <source>Add an account...</source>
        <translation>Ein Konto hinzufügen...</translation>
    </message>
    <message>
        <source>Your name, address and password; Magpie finds the servers and tests them.</source>
        <translation>Ihr Name, Ihre Adresse und Ihr Passwort; Magpie findet die Server und testet sie.</translation>
    </message>
</context>
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
    <message>
        <source>&amp;Layout</source>
        <translation>&amp;Layout</translation>
    </message>
    <message>
        <source>&amp;Copy To</source>
        <translation>&amp;Kopieren nach</translation>
    </message>
    <message>
        <source>Copy the selected messages to another folder</source>
        <translation>Die ausgewählten Nachrichten in einen anderen Ordner kopieren</translation>
    </message>
    <message>
        <source>Delete &amp;Permanently</source>
        <translation>&amp;Endgültig löschen</translation>
    </message>
    <message>
        <source>Delete the selected messages without moving them to the Trash</source>
        <translation>Die ausgewählten Nachrichten löschen, ohne sie in den Papierkorb zu verschieben</translation>
    </message>
    <message>
        <source>Mark as &amp;Read</source>
        <translation>Als &amp;gelesen markieren</translation>
    </message>
    <message>
        <source>Mark as &amp;Unread</source>
        <translation>Als &amp;ungelesen markieren</translation>
    </message>
    <message>
        <source>&amp;Flag</source>
        <translation>Mit &amp;Stern markieren</translation>
    </message>
    <message>
        <source>Flag or unflag the selected messages</source>
        <translation>Die ausgewählten Nachrichten mit Stern markieren oder die Markierung entfernen</translation>
    </message>
    <message>
        <source>&amp;Print...</source>
        <translation>&amp;Drucken...</translation>
    </message>
    <message>
        <source>&amp;Save As...</source>
        <translation>Speichern &amp;unter...</translation>
    </message>
    <message>
        <source>Save the message as an .eml file</source>
        <translation>Die Nachricht als .eml-Datei speichern</translation>
    </message>
    <message>
        <source>&amp;Open Saved Message...</source>
        <translation>Gespeicherte Nachricht ö&amp;ffnen...</translation>
    </message>
    <message>
        <source>Open an .eml file in a window of its own</source>
        <translation>Eine .eml-Datei in einem eigenen Fenster öffnen</translation>
    </message>
    <message>
        <source>Message &amp;Source</source>
        <translation>&amp;Quelltext der Nachricht</translation>
    </message>
    <message>
        <source>&amp;Classic View</source>
        <translation>&amp;Klassische Ansicht</translation>
    </message>
    <message>
        <source>The message below the list</source>
        <translation>Die Nachricht unter der Liste</translation>
    </message>
    <message>
        <source>&amp;Wide View</source>
        <translation>&amp;Breite Ansicht</translation>
    </message>
    <message>
        <source>The message beside the list</source>
        <translation>Die Nachricht neben der Liste</translation>
    </message>
    <message>
        <source>&amp;Threads</source>
        <translation>&amp;Themen</translation>
    </message>
    <message>
        <source>Group replies under the messages they answer</source>
        <translation>Antworten unter den Nachrichten gruppieren, auf die sie antworten</translation>
    </message>
</context>
<context>
    <name>MessageSourceDialog</name>
    <message>
        <source>Message Source</source>
        <translation>Quelltext der Nachricht</translation>
    </message>
    <message>
        <source>Message source</source>
        <translation>Quelltext der Nachricht</translation>
    </message>
</context>
<context>
    <name>MessageWindow</name>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>&amp;Nachricht</translation>
    </message>
    <message>
        <source>Message toolbar</source>
        <translation>Nachrichten-Symbolleiste</translation>
    </message>
    <message>
        <source>&amp;Save As...</source>
        <translation>Speichern &amp;unter...</translation>
    </message>
    <message>
        <source>&amp;Print...</source>
        <translation>&amp;Drucken...</translation>
    </message>
    <message>
        <source>View &amp;Source</source>
        <translation>&amp;Quelltext anzeigen</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>S&amp;chließen</translation>
    </message>
    <message>
        <source>&amp;Reply</source>
        <translation>&amp;Antworten</translation>
    </message>
    <message>
        <source>Reply &amp;All</source>
        <translation>A&amp;llen antworten</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>&amp;Weiterleiten</translation>
    </message>
</context>
<context>
    <name>OutboxView</name>
    <message>
        <source>Outbox</source>
        <translation>Postausgang</translation>
    </message>
    <message>
        <source>The outbox is empty: everything written has been sent.</source>
        <translation>Der Postausgang ist leer: Alles Geschriebene wurde gesendet.</translation>
    </message>
    <message>
        <source>Messages waiting to be sent</source>
        <translation>Nachrichten, die auf das Senden warten</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>&amp;Retry Now</source>
        <translation>Jetzt &amp;erneut versuchen</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>S&amp;chließen</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Password needed</source>
        <translation>Passwort benötigt</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Remember the password in the system keychain</source>
        <translation>Passwort im &amp;Schlüsselbund des Systems speichern</translation>
    </message>
</context>
<context>
    <name>SettingsAccountEditor</name>
    <message>
        <source>Identity</source>
        <translation>Identität</translation>
    </message>
    <message>
        <source>Account &amp;name:</source>
        <translation>Konto&amp;name:</translation>
    </message>
    <message>
        <source>&amp;Your name:</source>
        <translation>&amp;Ihr Name:</translation>
    </message>
    <message>
        <source>E-mail &amp;address:</source>
        <translation>E-Mail-&amp;Adresse:</translation>
    </message>
    <message>
        <source>Si&amp;gnature:</source>
        <translation>Si&amp;gnatur:</translation>
    </message>
    <message>
        <source>Added at the end of new messages, below a &quot;-- &quot; line.</source>
        <translation>Wird am Ende neuer Nachrichten unter einer Zeile „-- “ angefügt.</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Eingehend</translation>
    </message>
    <message>
        <source>&amp;Protocol:</source>
        <translation>&amp;Protokoll:</translation>
    </message>
    <message>
        <source>IMAP</source>
        <translation>IMAP</translation>
    </message>
    <message>
        <source>POP3</source>
        <translation>POP3</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>S&amp;ecurity:</source>
        <translation>Si&amp;cherheit:</translation>
    </message>
    <message>
        <source>SSL/TLS: encrypted from the start</source>
        <translation>SSL/TLS: von Anfang an verschlüsselt</translation>
    </message>
    <message>
        <source>STARTTLS: encrypted after connecting</source>
        <translation>STARTTLS: nach dem Verbinden verschlüsselt</translation>
    </message>
    <message>
        <source>None: not encrypted</source>
        <translation>Keine: nicht verschlüsselt</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>Authentication:</source>
        <translation>Authentifizierung:</translation>
    </message>
    <message>
        <source>Password (PLAIN or LOGIN over TLS)</source>
        <translation>Passwort (PLAIN oder LOGIN über TLS)</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>&amp;Trusted certificate:</source>
        <translation>&amp;Vertrauenswürdiges Zertifikat:</translation>
    </message>
    <message>
        <source>The SHA-256 fingerprint of a certificate you trust although it cannot be verified (a self-signed server). Leave empty to trust only verified certificates.</source>
        <translation>Der SHA-256-Fingerabdruck eines Zertifikats, dem Sie vertrauen, obwohl es nicht überprüft werden kann (ein selbst signierter Server). Leer lassen, um nur überprüften Zertifikaten zu vertrauen.</translation>
    </message>
    <message>
        <source>&amp;Leave messages on the server</source>
        <translation>Nachrichten auf dem Server be&amp;halten</translation>
    </message>
    <message>
        <source>&amp;Delete them from the server after</source>
        <translation>Vom Server &amp;löschen nach</translation>
    </message>
    <message>
        <source>Days before downloaded messages are deleted from the server</source>
        <translation>Tage, bis heruntergeladene Nachrichten vom Server gelöscht werden</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tagen</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Ausgehend</translation>
    </message>
    <message>
        <source>Leave the server empty if this account does not send mail.</source>
        <translation>Lassen Sie den Server leer, wenn dieses Konto keine Nachrichten sendet.</translation>
    </message>
    <message>
        <source>Synchronization</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <source>&amp;Check for new mail every:</source>
        <translation>Auf neue Nachrichten prüfen all&amp;e:</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> Minuten</translation>
    </message>
    <message>
        <source>Used when the server cannot tell Magpie about new mail at once (IMAP IDLE).</source>
        <translation>Wird verwendet, wenn der Server Magpie nicht sofort über neue Nachrichten informieren kann (IMAP IDLE).</translation>
    </message>
    <message>
        <source>Download for &amp;offline use:</source>
        <translation>Für O&amp;ffline-Nutzung herunterladen:</translation>
    </message>
    <message>
        <source>Nothing</source>
        <translation>Nichts</translation>
    </message>
    <message>
        <source>Messages of the last </source>
        <translation>Nachrichten aus den letzten </translation>
    </message>
</context>
<context>
    <name>SettingsAccountsPage</name>
    <message>
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <source>&amp;Add...</source>
        <translation>&amp;Hinzufügen...</translation>
    </message>
    <message>
        <source>&amp;Remove...</source>
        <translation>&amp;Entfernen...</translation>
    </message>
    <message>
        <source>Magpie has no account yet. Click Add to set up the account you read and send mail with.</source>
        <translation>Magpie hat noch kein Konto. Klicken Sie auf Hinzufügen, um das Konto einzurichten, mit dem Sie Nachrichten lesen und senden.</translation>
    </message>
</context>
<context>
    <name>SettingsAdvancedPage</name>
    <message>
        <source>Troubleshooting</source>
        <translation>Fehlerbehebung</translation>
    </message>
    <message>
        <source>Keep a &amp;connection log</source>
        <translation>&amp;Verbindungsprotokoll führen</translation>
    </message>
    <message>
        <source>The log records what Magpie and your mail servers say to each other, without passwords or message contents. Open it with Details in the status bar.</source>
        <translation>Das Protokoll zeichnet auf, was Magpie und Ihre Mailserver einander mitteilen, ohne Passwörter oder Nachrichteninhalte. Öffnen Sie es über Details in der Statusleiste.</translation>
    </message>
    <message>
        <source>Offline cache</source>
        <translation>Offline-Zwischenspeicher</translation>
    </message>
    <message>
        <source>C&amp;lear Cache...</source>
        <translation>Zwischenspeicher &amp;leeren...</translation>
    </message>
</context>
<context>
    <name>SettingsComposingPage</name>
    <message>
        <source>New messages</source>
        <translation>Neue Nachrichten</translation>
    </message>
    <message>
        <source>&amp;Write in:</source>
        <translation>&amp;Verfassen in:</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>Reiner Text</translation>
    </message>
    <message>
        <source>HTML with basic formatting</source>
        <translation>HTML mit einfacher Formatierung</translation>
    </message>
    <message>
        <source>When &amp;replying:</source>
        <translation>Beim &amp;Antworten:</translation>
    </message>
    <message>
        <source>Start my reply below the quote</source>
        <translation>Meine Antwort unter dem Zitat beginnen</translation>
    </message>
    <message>
        <source>Start my reply above the quote</source>
        <translation>Meine Antwort über dem Zitat beginnen</translation>
    </message>
    <message>
        <source>Save &amp;drafts every:</source>
        <translation>&amp;Entwürfe speichern alle:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Spelling</source>
        <translation>Rechtschreibung</translation>
    </message>
    <message>
        <source>Check &amp;spelling in:</source>
        <translation>&amp;Rechtschreibung prüfen in:</translation>
    </message>
    <message>
        <source>Each account has its own signature: see Accounts.</source>
        <translation>Jedes Konto hat seine eigene Signatur: siehe Konten.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Magpie Settings</source>
        <translation>Magpie-Einstellungen</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>Einstellungsseiten</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Lesen</translation>
    </message>
    <message>
        <source>Composing</source>
        <translation>Verfassen</translation>
    </message>
    <message>
        <source>Privacy &amp; Security</source>
        <translation>Datenschutz &amp; Sicherheit</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
</context>
<context>
    <name>SettingsGeneralPage</name>
    <message>
        <source>Start-up</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>When Magpie starts, &amp;open:</source>
        <translation>Beim Start von Magpie &amp;öffnen:</translation>
    </message>
    <message>
        <source>The folder I was reading last</source>
        <translation>Den zuletzt gelesenen Ordner</translation>
    </message>
    <message>
        <source>The Inbox</source>
        <translation>Den Posteingang</translation>
    </message>
    <message>
        <source>&amp;Check for new mail at start-up</source>
        <translation>Beim Start auf neue Nachrichten &amp;prüfen</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Show a &amp;notification when new mail arrives</source>
        <translation>Eine &amp;Benachrichtigung anzeigen, wenn neue Nachrichten eintreffen</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>&amp;Layout:</translation>
    </message>
    <message>
        <source>Wide: folders, messages and the message side by side</source>
        <translation>Breit: Ordner, Nachrichten und die Nachricht nebeneinander</translation>
    </message>
    <message>
        <source>Classic: the message below the list</source>
        <translation>Klassisch: die Nachricht unter der Liste</translation>
    </message>
    <message>
        <source>L&amp;anguage:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Magpie uses a new language the next time it starts.</source>
        <translation>Magpie verwendet eine neue Sprache ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>Default mail client</source>
        <translation>Standard-E-Mail-Programm</translation>
    </message>
    <message>
        <source>Magpie has not asked the system yet.</source>
        <translation>Magpie hat das System noch nicht gefragt.</translation>
    </message>
    <message>
        <source>Make Magpie the Default Mail Client</source>
        <translation>Magpie als Standard-E-Mail-Programm festlegen</translation>
    </message>
    <message>
        <source>Open mail (mailto) links and saved messages (.eml files) with Magpie</source>
        <translation>E-Mail-Links (mailto) und gespeicherte Nachrichten (.eml-Dateien) mit Magpie öffnen</translation>
    </message>
</context>
<context>
    <name>SettingsPrivacyPage</name>
    <message>
        <source>Links and addresses</source>
        <translation>Links und Adressen</translation>
    </message>
    <message>
        <source>Show where a &amp;link really leads before opening it</source>
        <translation>Vor dem Öffnen eines &amp;Links anzeigen, wohin er wirklich führt</translation>
    </message>
    <message>
        <source>&amp;Complete addresses from mail I received, not only from mail I sent</source>
        <translation>Adressen auch aus empfangenen Nachrichten &amp;vervollständigen, nicht nur aus gesendeten</translation>
    </message>
    <message>
        <source>Senders whose remote content is always shown</source>
        <translation>Absender, deren entfernte Inhalte immer angezeigt werden</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Passwords</source>
        <translation>Passwörter</translation>
    </message>
</context>
<context>
    <name>SettingsReadingPage</name>
    <message>
        <source>Show messages</source>
        <translation>Nachrichten anzeigen</translation>
    </message>
    <message>
        <source>As &amp;HTML when the sender wrote HTML (made safe first)</source>
        <translation>Als &amp;HTML, wenn der Absender HTML geschrieben hat (zuvor abgesichert)</translation>
    </message>
    <message>
        <source>As &amp;plain text whenever the message has a plain text version</source>
        <translation>Als &amp;reinen Text, wann immer die Nachricht eine Textversion hat</translation>
    </message>
    <message>
        <source>Remote content</source>
        <translation>Entfernte Inhalte</translation>
    </message>
    <message>
        <source>&amp;Block remote images, fonts and style sheets</source>
        <translation>Entfernte Bilder, Schriften und Stylesheets &amp;blockieren</translation>
    </message>
    <message>
        <source>Remote content tells the sender when and where you read a message. When it is blocked, a bar above the message lets you show it once or always for that sender.</source>
        <translation>Entfernte Inhalte verraten dem Absender, wann und wo Sie eine Nachricht lesen. Wenn sie blockiert sind, können Sie sie über eine Leiste oberhalb der Nachricht einmalig oder immer für diesen Absender anzeigen.</translation>
    </message>
    <message>
        <source>Mark messages as read</source>
        <translation>Nachrichten als gelesen markieren</translation>
    </message>
    <message>
        <source>As soon as they are &amp;shown</source>
        <translation>Sobald sie &amp;angezeigt werden</translation>
    </message>
    <message>
        <source>&amp;After being shown for</source>
        <translation>&amp;Nachdem sie angezeigt wurden für</translation>
    </message>
    <message>
        <source>Seconds before a shown message is marked as read</source>
        <translation>Sekunden, bis eine angezeigte Nachricht als gelesen markiert wird</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>&amp;Only when I mark them myself</source>
        <translation>Nur, wenn ich sie &amp;selbst markiere</translation>
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
        <source>Connect to a mail server as Magpie would and show what it offers: TLS version, certificate and fingerprint, capabilities, whether the login works, and for IMAP the folders. The password comes from MAGPIE_PASSWORD or a prompt.</source>
        <translation>Wie Magpie eine Verbindung zu einem Mailserver herstellen und anzeigen, was er anbietet: TLS-Version, Zertifikat und Fingerabdruck, Fähigkeiten, ob die Anmeldung funktioniert und bei IMAP die Ordner. Das Passwort stammt aus MAGPIE_PASSWORD oder wird abgefragt.</translation>
    </message>
    <message>
        <source>imap://, imaps://, pop3://, pop3s://, smtp:// or smtps://, as user@host:port; ?starttls=required for STARTTLS.</source>
        <translation>imap://, imaps://, pop3://, pop3s://, smtp:// oder smtps://, in der Form user@host:port; ?starttls=required für STARTTLS.</translation>
    </message>
    <message>
        <source>List the cached messages of a folder, newest first: date (UTC), sender address, subject and flags, separated by tabs. Reads the profile&apos;s cache only; run magpie-cli sync to bring it up to date.</source>
        <translation>Die zwischengespeicherten Nachrichten eines Ordners auflisten, neueste zuerst: Datum (UTC), Absenderadresse, Betreff und Markierungen, durch Tabulatoren getrennt. Liest nur den Zwischenspeicher des Profils; führen Sie magpie-cli sync aus, um ihn zu aktualisieren.</translation>
    </message>
    <message>
        <source>The folder: INBOX, Lists/Qt, ...</source>
        <translation>Der Ordner: INBOX, Lists/Qt, ...</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>The account, when several have the folder (the id magpie-cli sync printed, e.g. imap:alice@host:993).</source>
        <translation>Das Konto, falls mehrere Konten diesen Ordner haben (die von magpie-cli sync ausgegebene ID, z. B. imap:alice@host:993).</translation>
    </message>
    <message>
        <source>id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>At most this many messages.</source>
        <translation>Höchstens so viele Nachrichten.</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Show the outbox: the messages waiting to be sent, one per line, separated by tabs: number, account, state, failed attempts, next attempt (UTC), subject, last error. Nothing is sent from here; the account&apos;s sync sends.</source>
        <translation>Den Postausgang anzeigen: die Nachrichten, die auf den Versand warten, eine pro Zeile, durch Tabulatoren getrennt: Nummer, Konto, Status, fehlgeschlagene Versuche, nächster Versuch (UTC), Betreff, letzter Fehler. Von hier aus wird nichts gesendet; gesendet wird bei der Synchronisation des Kontos.</translation>
    </message>
    <message>
        <source>Only this account&apos;s messages.</source>
        <translation>Nur die Nachrichten dieses Kontos.</translation>
    </message>
    <message>
        <source>Queue this failed or unconfirmed message again. An unconfirmed one may have reached its recipients already.</source>
        <translation>Diese fehlgeschlagene oder unbestätigte Nachricht erneut in die Warteschlange stellen. Eine unbestätigte Nachricht hat ihre Empfänger möglicherweise bereits erreicht.</translation>
    </message>
    <message>
        <source>number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Remove this message from the outbox.</source>
        <translation>Diese Nachricht aus dem Postausgang entfernen.</translation>
    </message>
    <message>
        <source>Search the cached mail: every word must match (as a prefix) the subject, an address or the text; &quot;quoted phrases&quot; and from:, to:, subject: work as in Magpie&apos;s search field. One line per hit, newest first: date (UTC), sender address, subject, flags and folder, separated by tabs.</source>
        <translation>Die zwischengespeicherten Nachrichten durchsuchen: Jedes Wort muss (als Präfix) auf den Betreff, eine Adresse oder den Text passen; &quot;Wortgruppen in Anführungszeichen&quot; sowie from:, to: und subject: funktionieren wie im Suchfeld von Magpie. Eine Zeile pro Treffer, neueste zuerst: Datum (UTC), Absenderadresse, Betreff, Markierungen und Ordner, durch Tabulatoren getrennt.</translation>
    </message>
    <message>
        <source>What to look for.</source>
        <translation>Wonach gesucht werden soll.</translation>
    </message>
    <message>
        <source>Only this account&apos;s mail.</source>
        <translation>Nur die Nachrichten dieses Kontos.</translation>
    </message>
    <message>
        <source>At most this many hits. Default: 200.</source>
        <translation>Höchstens so viele Treffer. Standard: 200.</translation>
    </message>
    <message>
        <source>Sync an IMAP or POP3 account into the profile&apos;s mail cache, as Magpie does in the background, and say what it did. The password comes from MAGPIE_PASSWORD or a prompt; the account is saved in the profile&apos;s magpie.ini (without the password).</source>
        <translation>Ein IMAP- oder POP3-Konto in den E-Mail-Zwischenspeicher des Profils synchronisieren, wie Magpie es im Hintergrund tut, und berichten, was dabei geschehen ist. Das Passwort stammt aus MAGPIE_PASSWORD oder wird abgefragt; das Konto wird in der magpie.ini des Profils gespeichert (ohne das Passwort).</translation>
    </message>
    <message>
        <source>imap://, imaps://, pop3:// or pop3s://, as user@host:port; ?starttls=required for STARTTLS.</source>
        <translation>imap://, imaps://, pop3:// oder pop3s://, in der Form user@host:port; ?starttls=required für STARTTLS.</translation>
    </message>
    <message>
        <source>Sync only this IMAP folder (INBOX, Lists/Qt).</source>
        <translation>Nur diesen IMAP-Ordner synchronisieren (INBOX, Lists/Qt).</translation>
    </message>
    <message>
        <source>Append what the sync did, step by step, to this file (no passwords, no message contents).</source>
        <translation>Schritt für Schritt an diese Datei anhängen, was die Synchronisation getan hat (keine Passwörter, keine Nachrichteninhalte).</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Magpie&apos;s mail engines on the command line.

Commands:
  check URL      connect to an IMAP, POP3 or SMTP server and show its TLS,
                 certificate, capabilities, login result and folders
  inspect FILE   print a message&apos;s structure and text as JSON
  send --smtp URL --from ADDR --to ADDR ...
                 write a message (text, attachments) and submit it
  sync URL       sync an IMAP or POP3 account into the profile&apos;s cache
  list --folder NAME
                 the cached messages of a folder, newest first
  search QUERY   full-text search of the cached mail
  outbox         the messages waiting to be sent, and why

Run magpie-cli COMMAND --help for a command&apos;s options.</source>
        <translation>Die Mail-Engines von Magpie auf der Kommandozeile.

Befehle:
  check URL      mit einem IMAP-, POP3- oder SMTP-Server verbinden und dessen
                 TLS, Zertifikat, Fähigkeiten, Anmeldeergebnis und Ordner
                 anzeigen
  inspect FILE   Struktur und Text einer Nachricht als JSON ausgeben
  send --smtp URL --from ADDR --to ADDR ...
                 eine Nachricht (Text, Anhänge) verfassen und senden
  sync URL       ein IMAP- oder POP3-Konto in den Zwischenspeicher des
                 Profils synchronisieren
  list --folder NAME
                 die zwischengespeicherten Nachrichten eines Ordners,
                 neueste zuerst
  search QUERY   Volltextsuche in den zwischengespeicherten Nachrichten
  outbox         die Nachrichten, die auf den Versand warten, samt Grund

Mit magpie-cli BEFEHL --help werden die Optionen eines Befehls angezeigt.</translation>
    </message>
</context>
<context>
    <name>magpie::app::AboutDialog</name>
    <message>
        <source>Magpie&apos;s icon</source>
        <translation>Symbol von Magpie</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Magpie %1&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Magpie %1&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Magpie is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License, version 3 or (at your option) any later version (GPL-3.0-or-later). It comes with no warranty. See the GNU GPL tab for the full text.</source>
        <translation>Magpie ist freie Software: Sie können sie unter den Bedingungen der GNU General Public License, Version 3 oder (nach Ihrer Wahl) jeder späteren Version (GPL-3.0-or-later), weitergeben und/oder verändern. Sie wird ohne jede Gewährleistung bereitgestellt. Den vollständigen Text finden Sie auf der Registerkarte „GNU GPL“.</translation>
    </message>
    <message>
        <source>Copied. Paste it into your bug report.</source>
        <translation>Kopiert. Fügen Sie es in Ihren Fehlerbericht ein.</translation>
    </message>
    <message>
        <source>## Magpie

Copyright the Magpie developers. Licensed under the GNU General Public License, version 3 or later (GPL-3.0-or-later).

## Components

Magpie is built on these libraries, each under its own licence:

- **Qt** %1: GNU Lesser General Public License, version 3 (LGPL-3.0-only). &lt;https://www.qt.io/&gt;
- **QtKeychain**: BSD 3-Clause License (BSD-3-Clause). &lt;https://github.com/frankosterfeld/qtkeychain&gt;
- **SQLite** %2: public domain. &lt;https://sqlite.org/&gt;
- **OpenSSL**, used by Qt for secure connections where Qt&apos;s OpenSSL backend is active: Apache License 2.0 (Apache-2.0). &lt;https://www.openssl.org/&gt;

</source>
        <translation>## Magpie

Copyright bei den Entwicklern von Magpie. Lizenziert unter der GNU General Public License, Version 3 oder später (GPL-3.0-or-later).

## Komponenten

Magpie baut auf diesen Bibliotheken auf, jede unter ihrer eigenen Lizenz:

- **Qt** %1: GNU Lesser General Public License, Version 3 (LGPL-3.0-only). &lt;https://www.qt.io/&gt;
- **QtKeychain**: BSD 3-Clause License (BSD-3-Clause). &lt;https://github.com/frankosterfeld/qtkeychain&gt;
- **SQLite** %2: gemeinfrei (Public Domain). &lt;https://sqlite.org/&gt;
- **OpenSSL**, von Qt für sichere Verbindungen verwendet, wenn das OpenSSL-Backend von Qt aktiv ist: Apache License 2.0 (Apache-2.0). &lt;https://www.openssl.org/&gt;

</translation>
    </message>
</context>
<context>
    <name>magpie::app::AccountProbe</name>
    <message>
        <source>Connecting to %1...</source>
        <translation>Verbindung mit %1 wird hergestellt...</translation>
    </message>
    <message>
        <source>The server closed the connection.</source>
        <translation>Der Server hat die Verbindung geschlossen.</translation>
    </message>
    <message>
        <source>Logging in to %1...</source>
        <translation>Anmeldung bei %1...</translation>
    </message>
</context>
<context>
    <name>magpie::app::AccountSetupDialog</name>
    <message>
        <source>&amp;Done</source>
        <translation>&amp;Fertig</translation>
    </message>
    <message>
        <source>Enter the server settings your provider gives, then press Test.</source>
        <translation>Geben Sie die Server-Einstellungen Ihres Anbieters ein und klicken Sie dann auf Testen.</translation>
    </message>
    <message>
        <source>Without encryption, your password and mail cross the network readable by anyone on the way. Choose it only for a server on this computer.</source>
        <translation>Ohne Verschlüsselung gehen Ihr Passwort und Ihre Nachrichten für jeden unterwegs lesbar durchs Netz. Wählen Sie dies nur für einen Server auf diesem Computer.</translation>
    </message>
    <message>
        <source>Looking up %1 in Magpie&apos;s list of providers...</source>
        <translation>%1 wird in Magpies Anbieterliste gesucht...</translation>
    </message>
    <message>
        <source>Asking %1 for its mail configuration...</source>
        <translation>%1 wird nach seiner E-Mail-Konfiguration gefragt...</translation>
    </message>
    <message>
        <source>Looking for mail service records of %1 in DNS...</source>
        <translation>Mail-Service-Einträge von %1 werden im DNS gesucht...</translation>
    </message>
    <message>
        <source>Trying common server names for %1...</source>
        <translation>Übliche Servernamen für %1 werden ausprobiert...</translation>
    </message>
    <message>
        <source>Magpie could not find the servers for %1. Enter the settings your provider gives, then press Test.</source>
        <translation>Magpie konnte die Server für %1 nicht finden. Geben Sie die Einstellungen Ihres Anbieters ein und klicken Sie dann auf Testen.</translation>
    </message>
    <message>
        <source>Enter your whole email address, like alice@example.com.</source>
        <translation>Geben Sie Ihre vollständige E-Mail-Adresse ein, z. B. alice@example.com.</translation>
    </message>
    <message>
        <source>Magpie found these settings in %1.</source>
        <translation>Magpie hat diese Einstellungen in %1 gefunden.</translation>
    </message>
    <message>
        <source>Magpie found the settings for %1 in %2.</source>
        <translation>Magpie hat die Einstellungen für %1 in %2 gefunden.</translation>
    </message>
    <message>
        <source>They are a guess: press Test to see whether they work.</source>
        <translation>Sie sind eine Vermutung: Klicken Sie auf Testen, um zu sehen, ob sie funktionieren.</translation>
    </message>
    <message>
        <source>No outgoing server was found; without one this account cannot send.</source>
        <translation>Es wurde kein Postausgangs-Server gefunden; ohne ihn kann dieses Konto nicht senden.</translation>
    </message>
    <message>
        <source>Press Done to test them and add the account.</source>
        <translation>Klicken Sie auf Fertig, um sie zu testen und das Konto hinzuzufügen.</translation>
    </message>
    <message>
        <source>The settings work: Magpie logged in to %1. This account cannot send mail until an outgoing server is set.</source>
        <translation>Die Einstellungen funktionieren: Magpie hat sich bei %1 angemeldet. Dieses Konto kann erst Nachrichten senden, wenn ein Postausgangs-Server eingetragen ist.</translation>
    </message>
    <message>
        <source>The settings work: Magpie logged in to %1 and %2. Press Done to add the account.</source>
        <translation>Die Einstellungen funktionieren: Magpie hat sich bei %1 und %2 angemeldet. Klicken Sie auf Fertig, um das Konto hinzuzufügen.</translation>
    </message>
    <message>
        <source>Incoming server %1: %2</source>
        <translation>Posteingangs-Server %1: %2</translation>
    </message>
    <message>
        <source>Outgoing server %1: %2</source>
        <translation>Postausgangs-Server %1: %2</translation>
    </message>
    <message>
        <source>Check the password and the user name, then press Test again.</source>
        <translation>Prüfen Sie Passwort und Benutzernamen und klicken Sie dann erneut auf Testen.</translation>
    </message>
    <message>
        <source>Check the server name, the port and the security, then press Test again.</source>
        <translation>Prüfen Sie Servernamen, Port und Sicherheit und klicken Sie dann erneut auf Testen.</translation>
    </message>
    <message>
        <source>The account could not be saved: %1</source>
        <translation>Das Konto konnte nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>magpie::app::AccountSetupForm</name>
    <message>
        <source>Enter your name as others should see it.</source>
        <translation>Geben Sie Ihren Namen so ein, wie andere ihn sehen sollen.</translation>
    </message>
    <message>
        <source>The name must not contain line breaks or control characters.</source>
        <translation>Der Name darf keine Zeilenumbrüche oder Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>Enter your whole email address, like alice@example.com.</source>
        <translation>Geben Sie Ihre vollständige E-Mail-Adresse ein, z. B. alice@example.com.</translation>
    </message>
    <message>
        <source>Enter the incoming server, like imap.example.com.</source>
        <translation>Geben Sie den Posteingangs-Server ein, z. B. imap.example.com.</translation>
    </message>
    <message>
        <source>“%1” is not a server name: use letters, digits, dots and hyphens only.</source>
        <translation>„%1“ ist kein Servername: Verwenden Sie nur Buchstaben, Ziffern, Punkte und Bindestriche.</translation>
    </message>
    <message>
        <source>Enter the user name for the incoming server (usually your email address).</source>
        <translation>Geben Sie den Benutzernamen für den Posteingangs-Server ein (meist Ihre E-Mail-Adresse).</translation>
    </message>
    <message>
        <source>The user name must not contain control characters.</source>
        <translation>Der Benutzername darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>Enter the password of the account.</source>
        <translation>Geben Sie das Passwort des Kontos ein.</translation>
    </message>
</context>
<context>
    <name>magpie::app::AccountStatusBar</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Show the connection log of this account</source>
        <translation>Das Verbindungsprotokoll dieses Kontos anzeigen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Magpie will try again on its own.</source>
        <translation>Magpie versucht es selbstständig erneut.</translation>
    </message>
    <message>
        <source>Magpie waits for you to fix this.</source>
        <translation>Magpie wartet, bis Sie dies beheben.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 (and %n more accounts)</source>
        <translation>
            <numerusform>%1: %2 (und %n weiteres Konto)</numerusform>
            <numerusform>%1: %2 (und %n weitere Konten)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>magpie::app::AttachmentBar</name>
    <message>
        <source>Save All...</source>
        <translation>Alle speichern...</translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s), %1</source>
        <translation>
            <numerusform>%n Anhang, %1</numerusform>
            <numerusform>%n Anhänge, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is a program or a script. Magpie does not start programs from messages: save it, and run it only if you trust its sender.</source>
        <translation>%1 ist ein Programm oder ein Skript. Magpie startet keine Programme aus Nachrichten: Speichern Sie es und führen Sie es nur aus, wenn Sie dem Absender vertrauen.</translation>
    </message>
    <message>
        <source>No program is set up to open %1. Save it and open it from your file manager.</source>
        <translation>Es ist kein Programm zum Öffnen von %1 eingerichtet. Speichern Sie die Datei und öffnen Sie sie aus Ihrem Dateimanager.</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>Anhang</translation>
    </message>
    <message>
        <source>Save Attachment</source>
        <translation>Anhang speichern</translation>
    </message>
    <message>
        <source>Save All Attachments</source>
        <translation>Alle Anhänge speichern</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Anhang</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Save As...</source>
        <translation>Speichern &amp;unter...</translation>
    </message>
    <message>
        <source>Save &amp;All...</source>
        <translation>&amp;Alle speichern...</translation>
    </message>
</context>
<context>
    <name>magpie::app::AttachmentCopies</name>
    <message>
        <source>Could not create a temporary folder: %1. Check the free space in %2.</source>
        <translation>Es konnte kein temporärer Ordner angelegt werden: %1. Prüfen Sie den freien Speicherplatz in %2.</translation>
    </message>
    <message>
        <source>Could not create the temporary folder %1.</source>
        <translation>Der temporäre Ordner %1 konnte nicht angelegt werden.</translation>
    </message>
</context>
<context>
    <name>magpie::app::AttachmentListModel</name>
    <message>
        <source>%1 (%2)</source>
        <comment>attachment: name (size)</comment>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>magpie::app::AttachmentSaver</name>
    <message>
        <source>Forwarded message</source>
        <translation>Weitergeleitete Nachricht</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>Anhang</translation>
    </message>
    <message>
        <source>The folder %1 does not exist. Choose another folder.</source>
        <translation>Der Ordner %1 existiert nicht. Wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>The file name %1 is not allowed.</source>
        <translation>Der Dateiname %1 ist nicht zulässig.</translation>
    </message>
    <message>
        <source>Could not save %1 in %2: %3. Check that the folder is writable.</source>
        <translation>%1 konnte nicht in %2 gespeichert werden: %3. Prüfen Sie, ob der Ordner beschreibbar ist.</translation>
    </message>
    <message>
        <source>Could not save %1: %2. Check the free space on the disk.</source>
        <translation>%1 konnte nicht gespeichert werden: %2. Prüfen Sie den freien Speicherplatz auf dem Datenträger.</translation>
    </message>
    <message>
        <source>Could not find a free file name for %1 in %2.</source>
        <translation>Für %1 wurde in %2 kein freier Dateiname gefunden.</translation>
    </message>
    <message>
        <source>Could not save %1: %2.</source>
        <translation>%1 konnte nicht gespeichert werden: %2.</translation>
    </message>
</context>
<context>
    <name>magpie::app::AutoconfigFetch</name>
    <message>
        <source>only HTTPS is used for configuration files.</source>
        <translation>für Konfigurationsdateien wird nur HTTPS verwendet.</translation>
    </message>
    <message>
        <source>the file was not served over HTTPS.</source>
        <translation>die Datei wurde nicht über HTTPS ausgeliefert.</translation>
    </message>
    <message>
        <source>the file lists no server Magpie can use safely.</source>
        <translation>die Datei nennt keinen Server, den Magpie sicher verwenden kann.</translation>
    </message>
</context>
<context>
    <name>magpie::app::BuildInformation</name>
    <message>
        <source>an unknown compiler</source>
        <translation>ein unbekannter Compiler</translation>
    </message>
    <message>
        <source>optimised (NDEBUG)</source>
        <translation>optimiert (NDEBUG)</translation>
    </message>
    <message>
        <source>debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <source>none (secure connections are not possible)</source>
        <translation>keine (sichere Verbindungen sind nicht möglich)</translation>
    </message>
    <message>
        <source>%1 (Qt TLS backend: %2)</source>
        <translation>%1 (Qt-TLS-Backend: %2)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1, %2, kernel %3 %4</source>
        <translation>%1, %2, Kernel %3 %4</translation>
    </message>
    <message>
        <source>unknown (the SQLite driver is missing)</source>
        <translation>unbekannt (der SQLite-Treiber fehlt)</translation>
    </message>
    <message>
        <source>Magpie version</source>
        <translation>Magpie-Version</translation>
    </message>
    <message>
        <source>Git commit</source>
        <translation>Git-Commit</translation>
    </message>
    <message>
        <source>Qt (built with)</source>
        <translation>Qt (kompiliert mit)</translation>
    </message>
    <message>
        <source>Qt (running)</source>
        <translation>Qt (zur Laufzeit)</translation>
    </message>
    <message>
        <source>Compiler</source>
        <translation>Compiler</translation>
    </message>
    <message>
        <source>Build type</source>
        <translation>Build-Typ</translation>
    </message>
    <message>
        <source>Built for</source>
        <translation>Erstellt für</translation>
    </message>
    <message>
        <source>Running on</source>
        <translation>Läuft auf</translation>
    </message>
    <message>
        <source>TLS library</source>
        <translation>TLS-Bibliothek</translation>
    </message>
    <message>
        <source>SQLite</source>
        <translation>SQLite</translation>
    </message>
</context>
<context>
    <name>magpie::app::ClientConfig</name>
    <message>
        <source>The configuration file is larger than any real one (%1 bytes).</source>
        <translation>Die Konfigurationsdatei ist größer als jede echte (%1 Bytes).</translation>
    </message>
    <message>
        <source>The configuration file declares a document type, which real configuration files never do; it was not used.</source>
        <translation>Die Konfigurationsdatei deklariert einen Dokumenttyp, was echte Konfigurationsdateien nie tun; sie wurde nicht verwendet.</translation>
    </message>
    <message>
        <source>The file is not a mail client configuration (it has no clientConfig element).</source>
        <translation>Die Datei ist keine E-Mail-Client-Konfiguration (sie hat kein clientConfig-Element).</translation>
    </message>
    <message>
        <source>The configuration file is not well-formed XML (line %1: %2).</source>
        <translation>Die Konfigurationsdatei ist kein wohlgeformtes XML (Zeile %1: %2).</translation>
    </message>
    <message>
        <source>The configuration file describes no mail provider.</source>
        <translation>Die Konfigurationsdatei beschreibt keinen E-Mail-Anbieter.</translation>
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
    <message>
        <source>Open the local demo mailbox (a small mail server inside Magpie, seeded with example messages); nothing leaves this computer.</source>
        <translation>Das lokale Demo-Postfach öffnen (ein kleiner Mailserver in Magpie, mit Beispielnachrichten gefüllt); nichts verlässt diesen Computer.</translation>
    </message>
    <message>
        <source>Keep settings, the mail cache and the demo mailbox in &lt;dir&gt; instead of your user profile (also MAGPIE_PROFILE).</source>
        <translation>Einstellungen, den Nachrichten-Cache und das Demo-Postfach in &lt;dir&gt; statt in Ihrem Benutzerprofil ablegen (auch MAGPIE_PROFILE).</translation>
    </message>
    <message>
        <source>Save pictures of the main window, the composer and the settings dialog into &lt;dir&gt; and quit.</source>
        <translation>Bilder des Hauptfensters, des Verfassen-Fensters und des Einstellungsdialogs in &lt;dir&gt; speichern und beenden.</translation>
    </message>
    <message>
        <source>mailto: links (RFC 6068) to write a message to, or saved messages (.eml files) to read.</source>
        <translation>mailto:-Links (RFC 6068), um eine Nachricht zu schreiben, oder gespeicherte Nachrichten (.eml-Dateien) zum Lesen.</translation>
    </message>
    <message>
        <source>%1 is neither a mailto: link nor a saved message (.eml) file; Magpie only opens those.</source>
        <translation>%1 ist weder ein mailto:-Link noch eine gespeicherte Nachricht (.eml-Datei); Magpie öffnet nur diese.</translation>
    </message>
</context>
<context>
    <name>magpie::app::ComposerWindow</name>
    <message>
        <source>No account can send yet. Add one in Settings &gt; Accounts, then write again.</source>
        <translation>Noch kann kein Konto senden. Fügen Sie eines unter Einstellungen &gt; Konten hinzu und verfassen Sie die Nachricht dann erneut.</translation>
    </message>
    <message>
        <source>Attach Files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <source>Pasted image %1.png</source>
        <translation>Eingefügtes Bild %1.png</translation>
    </message>
    <message>
        <source>The link also asked to set %1; Magpie leaves those out, as a link may not choose them.</source>
        <translation>Der Link wollte auch %1 setzen; Magpie lässt diese weg, da ein Link sie nicht festlegen darf.</translation>
    </message>
    <message>
        <source>Some files were not attached</source>
        <translation>Einige Dateien wurden nicht angehängt</translation>
    </message>
    <message>
        <source>Write: (no subject)[*]</source>
        <translation>Verfassen: (kein Betreff)[*]</translation>
    </message>
    <message>
        <source>Write: %1[*]</source>
        <translation>Verfassen: %1[*]</translation>
    </message>
    <message>
        <source>No attachments. Drop files anywhere on this window to attach them.</source>
        <translation>Keine Anhänge. Ziehen Sie Dateien an eine beliebige Stelle dieses Fensters, um sie anzuhängen.</translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s), %1</source>
        <translation>
            <numerusform>%n Anhang, %1</numerusform>
            <numerusform>%n Anhänge, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The draft could not be saved</source>
        <translation>Der Entwurf konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>The draft could not be saved: %1</source>
        <translation>Der Entwurf konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>the cache refused it.</source>
        <translation>der Cache hat ihn abgelehnt.</translation>
    </message>
    <message>
        <source>Draft not saved</source>
        <translation>Entwurf nicht gespeichert</translation>
    </message>
    <message>
        <source>Draft saved at %1.</source>
        <translation>Entwurf um %1 gespeichert.</translation>
    </message>
    <message>
        <source>Forgotten attachment?</source>
        <translation>Anhang vergessen?</translation>
    </message>
    <message>
        <source>The message mentions &quot;%1&quot;, but no file is attached.</source>
        <translation>Die Nachricht erwähnt „%1“, aber es ist keine Datei angehängt.</translation>
    </message>
    <message>
        <source>&amp;Attach Files...</source>
        <translation>Dateien &amp;anhängen...</translation>
    </message>
    <message>
        <source>&amp;Send Anyway</source>
        <translation>&amp;Trotzdem senden</translation>
    </message>
    <message>
        <source>The message was not sent</source>
        <translation>Die Nachricht wurde nicht gesendet</translation>
    </message>
    <message>
        <source>The outbox could not take the message.</source>
        <translation>Der Postausgang konnte die Nachricht nicht aufnehmen.</translation>
    </message>
    <message>
        <source>Save this message?</source>
        <translation>Diese Nachricht speichern?</translation>
    </message>
    <message>
        <source>The message has not been sent. Save it as a draft to finish it later?</source>
        <translation>Die Nachricht wurde nicht gesendet. Als Entwurf speichern, um sie später fertigzustellen?</translation>
    </message>
</context>
<context>
    <name>magpie::app::ConnectionLogBook</name>
    <message>
        <source>Stopped.</source>
        <translation>Angehalten.</translation>
    </message>
    <message>
        <source>Connecting.</source>
        <translation>Verbindung wird hergestellt.</translation>
    </message>
    <message>
        <source>Synchronizing.</source>
        <translation>Synchronisierung läuft.</translation>
    </message>
    <message>
        <source>Online.</source>
        <translation>Online.</translation>
    </message>
    <message>
        <source>Waiting to reconnect.</source>
        <translation>Warten auf erneutes Verbinden.</translation>
    </message>
    <message>
        <source>Stopped until you act (see the problem above).</source>
        <translation>Angehalten, bis Sie eingreifen (siehe das Problem oben).</translation>
    </message>
    <message>
        <source>Problem (will retry): %1</source>
        <translation>Problem (neuer Versuch folgt): %1</translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation>Problem: %1</translation>
    </message>
    <message>
        <source>(The connection log is off: only events are shown. Turn it on in Settings &gt; Advanced to see each command and reply, without passwords or message contents.)</source>
        <translation>(Das Verbindungsprotokoll ist aus: Es werden nur Ereignisse angezeigt. Schalten Sie es unter Einstellungen &gt; Erweitert ein, um jeden Befehl und jede Antwort zu sehen, ohne Passwörter oder Nachrichteninhalte.)</translation>
    </message>
</context>
<context>
    <name>magpie::app::ConnectionLogDialog</name>
    <message>
        <source>Connection Log - %1</source>
        <translation>Verbindungsprotokoll - %1</translation>
    </message>
    <message>
        <source>Nothing was logged for this account yet.</source>
        <translation>Für dieses Konto wurde noch nichts protokolliert.</translation>
    </message>
</context>
<context>
    <name>magpie::app::DefaultMailClient</name>
    <message>
        <source>Making Magpie the default mail client…</source>
        <translation>Magpie wird als Standard-E-Mail-Programm festgelegt…</translation>
    </message>
    <message>
        <source>Checking which program handles mail links…</source>
        <translation>Es wird geprüft, welches Programm E-Mail-Links öffnet…</translation>
    </message>
    <message>
        <source>Magpie is your default mail client.</source>
        <translation>Magpie ist Ihr Standard-E-Mail-Programm.</translation>
    </message>
    <message>
        <source>Another program handles mail links (%1).</source>
        <translation>Ein anderes Programm öffnet E-Mail-Links (%1).</translation>
    </message>
    <message>
        <source>No program is set to handle mail links.</source>
        <translation>Für E-Mail-Links ist kein Programm festgelegt.</translation>
    </message>
    <message>
        <source>Cannot tell which program handles mail links: %1</source>
        <translation>Es lässt sich nicht feststellen, welches Programm E-Mail-Links öffnet: %1</translation>
    </message>
    <message>
        <source>Choose the Default Mail Client in Windows Settings…</source>
        <translation>Standard-E-Mail-Programm in den Windows-Einstellungen auswählen…</translation>
    </message>
    <message>
        <source>Make Magpie the Default Mail Client</source>
        <translation>Magpie als Standard-E-Mail-Programm festlegen</translation>
    </message>
    <message>
        <source>The system accepted Magpie as the default mail client but still names %1 for mail links. Your desktop&apos;s own settings may override it: choose Magpie there as the program for mail (mailto) links.</source>
        <translation>Das System hat Magpie als Standard-E-Mail-Programm übernommen, nennt für E-Mail-Links aber weiterhin %1. Möglicherweise haben die Einstellungen Ihrer Desktop-Umgebung Vorrang: Wählen Sie dort Magpie als Programm für E-Mail-Links (mailto).</translation>
    </message>
    <message>
        <source>The system accepted Magpie as the default mail client but does not report it afterwards. Choose Magpie in your system&apos;s settings for default applications.</source>
        <translation>Das System hat Magpie als Standard-E-Mail-Programm übernommen, meldet es danach aber nicht. Wählen Sie Magpie in den Einstellungen Ihres Systems für Standardanwendungen.</translation>
    </message>
    <message>
        <source>this system has no default mail client setting that Magpie knows.</source>
        <translation>dieses System hat keine Einstellung für das Standard-E-Mail-Programm, die Magpie kennt.</translation>
    </message>
    <message>
        <source>Magpie cannot make itself the default mail client on this system.</source>
        <translation>Magpie kann sich auf diesem System nicht selbst als Standard-E-Mail-Programm festlegen.</translation>
    </message>
    <message>
        <source>macOS refused to make Magpie the handler of mail links (Launch Services error %1). Move Magpie into the Applications folder, open it once from there and try again.</source>
        <translation>macOS hat es abgelehnt, Magpie als Programm für E-Mail-Links festzulegen (Launch-Services-Fehler %1). Verschieben Sie Magpie in den Ordner „Programme“, öffnen Sie es einmal von dort und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Magpie now handles mail links, but macOS refused to let it open saved messages (.eml files, Launch Services error %1). Choose Magpie for them with Finder&apos;s Get Info &gt; Open with &gt; Change All.</source>
        <translation>Magpie öffnet jetzt E-Mail-Links, aber macOS hat es abgelehnt, gespeicherte Nachrichten (.eml-Dateien) damit öffnen zu lassen (Launch-Services-Fehler %1). Wählen Sie Magpie dafür im Finder unter Informationen &gt; Öffnen mit &gt; Alle ändern.</translation>
    </message>
    <message>
        <source>Windows did not open its Default apps settings. Open Settings &gt; Apps &gt; Default apps and choose Magpie for mail (MAILTO) links.</source>
        <translation>Windows hat die Einstellungen für Standard-Apps nicht geöffnet. Öffnen Sie Einstellungen &gt; Apps &gt; Standard-Apps und wählen Sie Magpie für E-Mail-Links (MAILTO).</translation>
    </message>
    <message>
        <source>Magpie is not registered with Windows (it was not installed with its installer), so it is not offered in Default apps. Install Magpie with its installer and try again.</source>
        <translation>Magpie ist nicht bei Windows registriert (es wurde nicht mit seinem Installationsprogramm installiert) und wird daher unter Standard-Apps nicht angeboten. Installieren Sie Magpie mit seinem Installationsprogramm und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>it did not understand the command</source>
        <translation>der Befehl wurde nicht verstanden</translation>
    </message>
    <message>
        <source>a file it needs does not exist</source>
        <translation>eine benötigte Datei existiert nicht</translation>
    </message>
    <message>
        <source>a tool it needs is not installed</source>
        <translation>ein benötigtes Werkzeug ist nicht installiert</translation>
    </message>
    <message>
        <source>the action failed</source>
        <translation>die Aktion ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>it has no permission to write the file</source>
        <translation>es fehlt die Berechtigung, die Datei zu schreiben</translation>
    </message>
    <message>
        <source>it stopped with exit code %1</source>
        <translation>es wurde mit dem Exit-Code %1 beendet</translation>
    </message>
    <message>
        <source>xdg-mime is not installed. Install the xdg-utils package.</source>
        <translation>xdg-mime ist nicht installiert. Installieren Sie das Paket xdg-utils.</translation>
    </message>
    <message>
        <source>xdg-mime could not be run (%1).</source>
        <translation>xdg-mime konnte nicht ausgeführt werden (%1).</translation>
    </message>
    <message>
        <source>xdg-mime could not answer: %1.</source>
        <translation>xdg-mime konnte keine Antwort geben: %1.</translation>
    </message>
    <message>
        <source>Magpie cannot make itself the default mail client because xdg-mime is not installed. Install the xdg-utils package and try again.</source>
        <translation>Magpie kann sich nicht als Standard-E-Mail-Programm festlegen, weil xdg-mime nicht installiert ist. Installieren Sie das Paket xdg-utils und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Magpie&apos;s desktop file %1 is not installed, so the desktop could not start Magpie for mail links. Install Magpie from its package (or copy installer/linux/%1 into ~/.local/share/applications) and try again.</source>
        <translation>Die Desktop-Datei %1 von Magpie ist nicht installiert, daher konnte die Desktop-Umgebung Magpie nicht für E-Mail-Links starten. Installieren Sie Magpie aus seinem Paket (oder kopieren Sie installer/linux/%1 nach ~/.local/share/applications) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Magpie could not run xdg-mime to make itself the default mail client (%1).</source>
        <translation>Magpie konnte xdg-mime nicht ausführen, um sich als Standard-E-Mail-Programm festzulegen (%1).</translation>
    </message>
    <message>
        <source>xdg-mime could not make Magpie the default mail client: %1.</source>
        <translation>xdg-mime konnte Magpie nicht als Standard-E-Mail-Programm festlegen: %1.</translation>
    </message>
</context>
<context>
    <name>magpie::app::DemoMailbox</name>
    <message>
        <source>Cannot create the demo mailbox folder %1. Check that the profile folder is writable, or start Magpie with --profile and another folder.</source>
        <translation>Der Ordner %1 für das Demo-Postfach kann nicht angelegt werden. Prüfen Sie, ob der Profilordner beschreibbar ist, oder starten Sie Magpie mit --profile und einem anderen Ordner.</translation>
    </message>
    <message>
        <source>The demo mailbox could not be started: %1</source>
        <translation>Das Demo-Postfach konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>Demo mailbox</source>
        <translation>Demo-Postfach</translation>
    </message>
    <message>
        <source>Robin Demo</source>
        <translation>Robin Demo</translation>
    </message>
</context>
<context>
    <name>magpie::app::DemoSeed</name>
    <message>
        <source>The demo messages are missing from this build of Magpie.</source>
        <translation>In diesem Build von Magpie fehlen die Demo-Nachrichten.</translation>
    </message>
    <message>
        <source>The demo message %1 is missing from this build of Magpie.</source>
        <translation>In diesem Build von Magpie fehlt die Demo-Nachricht %1.</translation>
    </message>
    <message>
        <source>The demo mailbox could not be filled: %1</source>
        <translation>Das Demo-Postfach konnte nicht gefüllt werden: %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>magpie::app::FolderMenu</name>
    <message>
        <source>No other folder</source>
        <translation>Kein anderer Ordner</translation>
    </message>
</context>
<context>
    <name>magpie::app::MailServerProposal</name>
    <message>
        <source>Magpie&apos;s list of mail providers</source>
        <translation>Magpies Liste der E-Mail-Anbieter</translation>
    </message>
    <message>
        <source>the configuration file published by the domain</source>
        <translation>der von der Domain veröffentlichten Konfigurationsdatei</translation>
    </message>
    <message>
        <source>the domain&apos;s DNS service records</source>
        <translation>den DNS-Service-Einträgen der Domain</translation>
    </message>
    <message>
        <source>commonly used server names</source>
        <translation>üblichen Servernamen</translation>
    </message>
    <message>
        <source>This provider</source>
        <translation>Dieser Anbieter</translation>
    </message>
    <message>
        <source>%1 refuses the password you use on its web site in mail programs: create an app password in its account security settings and enter that one here.</source>
        <translation>%1 lehnt in E-Mail-Programmen das Passwort ab, das Sie auf der Website verwenden: Erstellen Sie in den Sicherheitseinstellungen Ihres Kontos dort ein App-Passwort und geben Sie dieses hier ein.</translation>
    </message>
    <message>
        <source>%1 is replacing passwords with OAuth 2.0 sign-in, which this version of Magpie cannot do yet; the login may be refused.</source>
        <translation>%1 ersetzt Passwörter durch die Anmeldung mit OAuth 2.0, die diese Version von Magpie noch nicht beherrscht; die Anmeldung kann abgelehnt werden.</translation>
    </message>
    <message>
        <source>%1 is reached through a program on this computer: start it first, and use the password it shows, not your account password.</source>
        <translation>%1 wird über ein Programm auf diesem Computer erreicht: Starten Sie es zuerst und verwenden Sie das dort angezeigte Passwort, nicht Ihr Kontopasswort.</translation>
    </message>
    <message>
        <source>Switch on IMAP access in the web settings of %1 before testing.</source>
        <translation>Schalten Sie vor dem Testen den IMAP-Zugriff in den Web-Einstellungen von %1 ein.</translation>
    </message>
</context>
<context>
    <name>magpie::app::MailSession</name>
    <message>
        <source>Cannot create the profile folder %1. Check that it is writable, or start Magpie with --profile and another folder.</source>
        <translation>Der Profilordner %1 kann nicht angelegt werden. Prüfen Sie, ob er beschreibbar ist, oder starten Sie Magpie mit --profile und einem anderen Ordner.</translation>
    </message>
    <message>
        <source>The account has no id; it cannot be saved.</source>
        <translation>Das Konto hat keine ID; es kann nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>The account needs an incoming mail server (IMAP or POP3).</source>
        <translation>Das Konto benötigt einen Posteingangs-Server (IMAP oder POP3).</translation>
    </message>
    <message>
        <source>The account is not configured (any more).</source>
        <translation>Das Konto ist nicht (mehr) eingerichtet.</translation>
    </message>
    <message>
        <source>The account to send from is not configured (any more).</source>
        <translation>Das Konto, von dem gesendet werden soll, ist nicht (mehr) eingerichtet.</translation>
    </message>
    <message>
        <source>The account %1 has no outgoing (SMTP) server. Add one in Settings &gt; Accounts to send from it.</source>
        <translation>Das Konto %1 hat keinen Postausgangs-Server (SMTP). Fügen Sie unter Einstellungen &gt; Konten einen hinzu, um damit zu senden.</translation>
    </message>
    <message>
        <source>The message has no recipient. Add at least one address in To, Cc or Bcc.</source>
        <translation>Die Nachricht hat keinen Empfänger. Fügen Sie mindestens eine Adresse unter An, Cc oder Bcc hinzu.</translation>
    </message>
    <message>
        <source>The message has no sender address.</source>
        <translation>Die Nachricht hat keine Absenderadresse.</translation>
    </message>
    <message>
        <source>The message could not be put into the outbox.</source>
        <translation>Die Nachricht konnte nicht in den Postausgang gelegt werden.</translation>
    </message>
</context>
<context>
    <name>magpie::app::MainWindow</name>
    <message>
        <source>No account is set up yet.</source>
        <translation>Es ist noch kein Konto eingerichtet.</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>%1 - Magpie</source>
        <translation>%1 - Magpie</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>Die Suche ist fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found for &quot;%1&quot;</source>
        <translation>
            <numerusform>%n Nachricht für „%1“ gefunden</numerusform>
            <numerusform>%n Nachrichten für „%1“ gefunden</numerusform>
        </translation>
    </message>
    <message>
        <source>Search: %1 - Magpie</source>
        <translation>Suche: %1 - Magpie</translation>
    </message>
    <message>
        <source>Open Saved Message</source>
        <translation>Gespeicherte Nachricht öffnen</translation>
    </message>
    <message>
        <source>Mail messages (*.eml);;All files (*)</source>
        <translation>E-Mail-Nachrichten (*.eml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The message is still being downloaded.</source>
        <translation>Die Nachricht wird noch heruntergeladen.</translation>
    </message>
    <message numerus="yes">
        <source>(%n message(s) are still being indexed and may be missing; the results will update)</source>
        <translation>
            <numerusform>(%n Nachricht wird noch indiziert und fehlt möglicherweise; die Ergebnisse werden aktualisiert)</numerusform>
            <numerusform>(%n Nachrichten werden noch indiziert und fehlen möglicherweise; die Ergebnisse werden aktualisiert)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageActions</name>
    <message>
        <source>Delete Permanently</source>
        <translation>Endgültig löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n message(s) permanently? They will not be kept in the Trash.</source>
        <translation>
            <numerusform>%n Nachricht endgültig löschen? Sie wird nicht im Papierkorb aufbewahrt.</numerusform>
            <numerusform>%n Nachrichten endgültig löschen? Sie werden nicht im Papierkorb aufbewahrt.</numerusform>
        </translation>
    </message>
    <message>
        <source>The messages could not be deleted: %1</source>
        <translation>Die Nachrichten konnten nicht gelöscht werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) deleted.</source>
        <translation>
            <numerusform>%n Nachricht gelöscht.</numerusform>
            <numerusform>%n Nachrichten gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <source>This account has no Archive folder. Create one on the server, or use Move To.</source>
        <translation>Dieses Konto hat keinen Archiv-Ordner. Legen Sie einen auf dem Server an oder verwenden Sie Verschieben nach.</translation>
    </message>
    <message>
        <source>Messages can only be copied to a folder of their own account.</source>
        <translation>Nachrichten können nur in einen Ordner ihres eigenen Kontos kopiert werden.</translation>
    </message>
    <message>
        <source>Messages can only be moved to a folder of their own account.</source>
        <translation>Nachrichten können nur in einen Ordner ihres eigenen Kontos verschoben werden.</translation>
    </message>
    <message>
        <source>The messages could not be copied: %1</source>
        <translation>Die Nachrichten konnten nicht kopiert werden: %1</translation>
    </message>
    <message>
        <source>The messages could not be moved: %1</source>
        <translation>Die Nachrichten konnten nicht verschoben werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) copied to %1.</source>
        <translation>
            <numerusform>%n Nachricht nach %1 kopiert.</numerusform>
            <numerusform>%n Nachrichten nach %1 kopiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) moved to %1.</source>
        <translation>
            <numerusform>%n Nachricht nach %1 verschoben.</numerusform>
            <numerusform>%n Nachrichten nach %1 verschoben.</numerusform>
        </translation>
    </message>
    <message>
        <source>The messages could not be marked: %1</source>
        <translation>Die Nachrichten konnten nicht markiert werden: %1</translation>
    </message>
    <message>
        <source>The messages could not be flagged: %1</source>
        <translation>Die Nachrichten konnten nicht mit Stern markiert werden: %1</translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageFiles</name>
    <message>
        <source>message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>The message could not be saved to %1: %2. Choose another folder.</source>
        <translation>Die Nachricht konnte nicht in %1 gespeichert werden: %2. Wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>Save Message</source>
        <translation>Nachricht speichern</translation>
    </message>
    <message>
        <source>Mail messages (*.eml);;All files (*)</source>
        <translation>E-Mail-Nachrichten (*.eml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 could not be opened: %2.</source>
        <translation>%1 konnte nicht geöffnet werden: %2.</translation>
    </message>
    <message>
        <source>%1 is larger than %2 and is probably not a mail message.</source>
        <translation>%1 ist größer als %2 und ist wahrscheinlich keine E-Mail-Nachricht.</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 ist leer.</translation>
    </message>
    <message>
        <source>Print Message</source>
        <translation>Nachricht drucken</translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageHeaderView</name>
    <message>
        <source>%1 &lt;%2&gt;</source>
        <comment>a mailbox: name &lt;address&gt;</comment>
        <translation>%1 &lt;%2&gt;</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(kein Betreff)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Reply to</source>
        <translation>Antwort an</translation>
    </message>
    <message>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Cc</source>
        <translation>Cc</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageListDelegate</name>
    <message numerus="yes">
        <source>%1 (%n messages)</source>
        <translation>
            <numerusform>%1 (%n Nachricht)</numerusform>
            <numerusform>%1 (%n Nachrichten)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageReader</name>
    <message>
        <source>No message selected</source>
        <translation>Keine Nachricht ausgewählt</translation>
    </message>
    <message>
        <source>Downloading the message...</source>
        <translation>Die Nachricht wird heruntergeladen...</translation>
    </message>
    <message>
        <source>The message could not be downloaded. Check the connection (the status bar says more) and select the message again.</source>
        <translation>Die Nachricht konnte nicht heruntergeladen werden. Prüfen Sie die Verbindung (die Statusleiste zeigt mehr) und wählen Sie die Nachricht erneut aus.</translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageSourceDialog</name>
    <message>
        <source>Source of &quot;%1&quot;</source>
        <translation>Quelltext von „%1“</translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageView</name>
    <message>
        <source>Remote content blocked to protect your privacy.</source>
        <translation>Entfernte Inhalte wurden zum Schutz Ihrer Privatsphäre blockiert.</translation>
    </message>
    <message>
        <source>Show once</source>
        <translation>Einmal anzeigen</translation>
    </message>
    <message>
        <source>No message selected</source>
        <translation>Keine Nachricht ausgewählt</translation>
    </message>
    <message>
        <source>Always for %1</source>
        <translation>Immer für %1</translation>
    </message>
    <message>
        <source>Open Link</source>
        <translation>Link öffnen</translation>
    </message>
    <message>
        <source>Open this address in your web browser?</source>
        <translation>Diese Adresse in Ihrem Webbrowser öffnen?</translation>
    </message>
    <message>
        <source>The server&apos;s name is written %1.</source>
        <translation>Der Name des Servers lautet %1.</translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageWindow</name>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Save Message</source>
        <translation>Nachricht speichern</translation>
    </message>
</context>
<context>
    <name>magpie::app::NewMailNotifier</name>
    <message>
        <source>Magpie</source>
        <translation>Magpie</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <source>New mail in %1</source>
        <translation>Neue Nachrichten in %1</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s) in %1</source>
        <translation>
            <numerusform>%n neue Nachricht in %1</numerusform>
            <numerusform>%n neue Nachrichten in %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>magpie::app::OutboxView</name>
    <message>
        <source>Waiting to be sent</source>
        <translation>Wartet auf das Senden</translation>
    </message>
    <message numerus="yes">
        <source>Will retry (%n failed attempt(s))</source>
        <translation>
            <numerusform>Neuer Versuch folgt (%n fehlgeschlagener Versuch)</numerusform>
            <numerusform>Neuer Versuch folgt (%n fehlgeschlagene Versuche)</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <source>Perhaps sent</source>
        <translation>Vielleicht gesendet</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Sent, being filed in Sent</source>
        <translation>Gesendet, wird in Gesendet abgelegt</translation>
    </message>
    <message>
        <source>Next attempt at %1.</source>
        <translation>Nächster Versuch um %1.</translation>
    </message>
    <message>
        <source>Next attempt at %1. %2</source>
        <translation>Nächster Versuch um %1. %2</translation>
    </message>
    <message>
        <source>The connection ended before the server confirmed. It may have the message; retry only if the recipients did not get it. %1</source>
        <translation>Die Verbindung endete, bevor der Server bestätigte. Er hat die Nachricht möglicherweise erhalten; versuchen Sie es nur erneut, wenn die Empfänger sie nicht bekommen haben. %1</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(kein Betreff)</translation>
    </message>
    <message>
        <source>The outbox is empty: everything written has been sent.</source>
        <translation>Der Postausgang ist leer: Alles Geschriebene wurde gesendet.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) waiting to be sent.</source>
        <translation>
            <numerusform>%n Nachricht wartet auf das Senden.</numerusform>
            <numerusform>%n Nachrichten warten auf das Senden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not retried</source>
        <translation>Nicht erneut versucht</translation>
    </message>
    <message>
        <source>Discard messages?</source>
        <translation>Nachrichten verwerfen?</translation>
    </message>
    <message numerus="yes">
        <source>Discard %n unsent message(s)? They will not be sent, and cannot be recovered.</source>
        <translation>
            <numerusform>%n nicht gesendete Nachricht verwerfen? Sie wird nicht gesendet und kann nicht wiederhergestellt werden.</numerusform>
            <numerusform>%n nicht gesendete Nachrichten verwerfen? Sie werden nicht gesendet und können nicht wiederhergestellt werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not discarded</source>
        <translation>Nicht verworfen</translation>
    </message>
</context>
<context>
    <name>magpie::app::OutgoingAttachments</name>
    <message>
        <source>%1 is not a file on this computer, so it cannot be attached.</source>
        <translation>%1 ist keine Datei auf diesem Computer und kann daher nicht angehängt werden.</translation>
    </message>
    <message>
        <source>%1 is a folder. Attach the files in it, or a compressed archive of it.</source>
        <translation>%1 ist ein Ordner. Hängen Sie die darin enthaltenen Dateien oder ein komprimiertes Archiv davon an.</translation>
    </message>
    <message>
        <source>%1 could not be read (%2), so it was not attached.</source>
        <translation>%1 konnte nicht gelesen werden (%2) und wurde daher nicht angehängt.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>magpie::app::OutgoingMessage</name>
    <message>
        <source>The sender address &quot;%1&quot; is not an email address. Check the account in Settings &gt; Accounts.</source>
        <translation>Die Absenderadresse „%1“ ist keine E-Mail-Adresse. Prüfen Sie das Konto unter Einstellungen &gt; Konten.</translation>
    </message>
    <message>
        <source>The subject or sender name holds a line break, which a header cannot carry. Remove it and send again.</source>
        <translation>Der Betreff oder der Absendername enthält einen Zeilenumbruch, den eine Kopfzeile nicht aufnehmen kann. Entfernen Sie ihn und senden Sie erneut.</translation>
    </message>
    <message numerus="yes">
        <source>%1 is not an email address. Correct it and send again.</source>
        <translation>
            <numerusform>%1 ist keine E-Mail-Adresse. Korrigieren Sie sie und senden Sie erneut.</numerusform>
            <numerusform>%1 sind keine E-Mail-Adressen. Korrigieren Sie sie und senden Sie erneut.</numerusform>
        </translation>
    </message>
    <message>
        <source>The message has no recipient. Add one in To, Cc or Bcc.</source>
        <translation>Die Nachricht hat keinen Empfänger. Fügen Sie einen unter An, Cc oder Bcc hinzu.</translation>
    </message>
</context>
<context>
    <name>magpie::app::PasswordDialog</name>
    <message>
        <source>Password for %1</source>
        <translation>Passwort für %1</translation>
    </message>
    <message>
        <source>Enter the password for sending mail from %1 through %2.</source>
        <translation>Geben Sie das Passwort zum Senden von Nachrichten von %1 über %2 ein.</translation>
    </message>
    <message>
        <source>Enter the password for %1 on %2.</source>
        <translation>Geben Sie das Passwort für %1 auf %2 ein.</translation>
    </message>
    <message>
        <source>No system keychain is available, so the password is kept only until Magpie quits. Install and unlock a Secret Service keychain (GNOME Keyring, KWallet) to have it remembered.</source>
        <translation>Es ist kein Schlüsselbund des Systems verfügbar, daher wird das Passwort nur bis zum Beenden von Magpie behalten. Installieren und entsperren Sie einen Secret-Service-Schlüsselbund (GNOME Keyring, KWallet), damit es gespeichert wird.</translation>
    </message>
</context>
<context>
    <name>magpie::app::PasswordKeeper</name>
    <message>
        <source>The outgoing server of %1 refused the password.</source>
        <translation>Der Postausgangs-Server von %1 hat das Passwort abgelehnt.</translation>
    </message>
    <message>
        <source>The server of %1 refused the password.</source>
        <translation>Der Server von %1 hat das Passwort abgelehnt.</translation>
    </message>
    <message>
        <source>No keychain is available, so Magpie cannot remember passwords; it asks once per session.</source>
        <translation>Es ist kein Schlüsselbund verfügbar, daher kann Magpie keine Passwörter speichern; es fragt einmal pro Sitzung.</translation>
    </message>
    <message>
        <source>Magpie has no password for the outgoing server of %1 yet.</source>
        <translation>Magpie hat noch kein Passwort für den Postausgangs-Server von %1.</translation>
    </message>
    <message>
        <source>Magpie has no password for %1 yet.</source>
        <translation>Magpie hat noch kein Passwort für %1.</translation>
    </message>
</context>
<context>
    <name>magpie::app::Preferences</name>
    <message>
        <source>Magpie cannot write its settings to %1. Check that the folder exists and that you may write to it.</source>
        <translation>Magpie kann seine Einstellungen nicht in %1 schreiben. Prüfen Sie, ob der Ordner existiert und ob Sie darin schreiben dürfen.</translation>
    </message>
    <message>
        <source>The settings file %1 is damaged; Magpie did not change it.</source>
        <translation>Die Einstellungsdatei %1 ist beschädigt; Magpie hat sie nicht verändert.</translation>
    </message>
</context>
<context>
    <name>magpie::app::QuickFilterBar</name>
    <message>
        <source>Unread</source>
        <translation>Ungelesen</translation>
    </message>
    <message>
        <source>Show only unread messages</source>
        <translation>Nur ungelesene Nachrichten anzeigen</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Mit Stern</translation>
    </message>
    <message>
        <source>Show only flagged messages</source>
        <translation>Nur Nachrichten mit Stern anzeigen</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Anhang</translation>
    </message>
    <message>
        <source>Show only messages with attachments</source>
        <translation>Nur Nachrichten mit Anhängen anzeigen</translation>
    </message>
    <message>
        <source>Search all folders (from:, to:, subject:, &quot;phrase&quot;)</source>
        <translation>Alle Ordner durchsuchen (from:, to:, subject:, &quot;Wortgruppe&quot;)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
</context>
<context>
    <name>magpie::app::RunningInstance</name>
    <message>
        <source>Magpie cannot create its profile folder %1. Check that the disk is not full and that you may write there.</source>
        <translation>Magpie kann seinen Profilordner %1 nicht anlegen. Prüfen Sie, ob auf dem Datenträger noch Platz frei ist und ob Sie dort schreiben dürfen.</translation>
    </message>
    <message>
        <source>Magpie cannot listen for links and files opened while it runs (%1).</source>
        <translation>Magpie kann nicht auf Links und Dateien warten, die während der Ausführung geöffnet werden (%1).</translation>
    </message>
    <message>
        <source>%1 contains a line break and cannot be opened.</source>
        <translation>%1 enthält einen Zeilenumbruch und kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Too many links or files were given at once.</source>
        <translation>Es wurden zu viele Links oder Dateien auf einmal übergeben.</translation>
    </message>
    <message>
        <source>Magpie is already running with the profile %1 (process %2 on %3) but does not answer. Close that Magpie, or start this one with --profile and another folder.</source>
        <translation>Magpie läuft bereits mit dem Profil %1 (Prozess %2 auf %3), antwortet aber nicht. Schließen Sie das andere Magpie oder starten Sie dieses mit --profile und einem anderen Ordner.</translation>
    </message>
</context>
<context>
    <name>magpie::app::ScreenshotTour</name>
    <message>
        <source>Cannot write the screenshot %1.</source>
        <translation>Das Bildschirmfoto %1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
</context>
<context>
    <name>magpie::app::SearchResultsModel</name>
    <message>
        <source>(no subject)</source>
        <translation>(kein Betreff)</translation>
    </message>
    <message>
        <source>In %1 (%2)</source>
        <translation>In %1 (%2)</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
</context>
<context>
    <name>magpie::app::ServerDiscovery</name>
    <message>
        <source>No usable SRV records for %1.</source>
        <translation>Keine verwendbaren SRV-Einträge für %1.</translation>
    </message>
    <message>
        <source>%1 is not in Magpie&apos;s list of mail providers.</source>
        <translation>%1 ist nicht in Magpies Liste der E-Mail-Anbieter.</translation>
    </message>
    <message>
        <source>Neither imap.%1 nor mail.%1 exists.</source>
        <translation>Weder imap.%1 noch mail.%1 existiert.</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsAccountEditor</name>
    <message>
        <source>Leave empty to keep the saved password. A new one is kept in the system&apos;s keychain.</source>
        <translation>Leer lassen, um das gespeicherte Passwort zu behalten. Ein neues wird im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <source>No keychain is available: a password typed here is used until Magpie quits, and Magpie asks for it once in each later session.</source>
        <translation>Es ist kein Schlüsselbund verfügbar: Ein hier eingegebenes Passwort wird bis zum Beenden von Magpie verwendet, und Magpie fragt in jeder späteren Sitzung einmal danach.</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Unverändert</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Password (USER and PASS over TLS)</source>
        <translation>Passwort (USER und PASS über TLS)</translation>
    </message>
    <message>
        <source>Password (PLAIN or LOGIN over TLS)</source>
        <translation>Passwort (PLAIN oder LOGIN über TLS)</translation>
    </message>
    <message>
        <source>Without encryption, your password and your mail cross the network readable by anyone on the way. Choose it only for a server on this computer.</source>
        <translation>Ohne Verschlüsselung gehen Ihr Passwort und Ihre Nachrichten für jeden unterwegs lesbar durchs Netz. Wählen Sie dies nur für einen Server auf diesem Computer.</translation>
    </message>
    <message>
        <source>Unnamed account</source>
        <translation>Unbenanntes Konto</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsAccountsPage</name>
    <message>
        <source>No keychain is available on this computer, so Magpie cannot remember passwords. It asks for each password once per session and forgets it when you quit.</source>
        <translation>Auf diesem Computer ist kein Schlüsselbund verfügbar, daher kann Magpie keine Passwörter speichern. Es fragt jedes Passwort einmal pro Sitzung ab und vergisst es beim Beenden.</translation>
    </message>
    <message>
        <source>Remove Account</source>
        <translation>Konto entfernen</translation>
    </message>
    <message>
        <source>Remove the account &quot;%1&quot; from Magpie?</source>
        <translation>Das Konto „%1“ aus Magpie entfernen?</translation>
    </message>
    <message>
        <source>Its downloaded mail and its saved passwords are deleted from this computer when you click OK or Apply. The mail on the server is not touched.</source>
        <translation>Seine heruntergeladenen Nachrichten und gespeicherten Passwörter werden von diesem Computer gelöscht, wenn Sie auf OK oder Anwenden klicken. Die Nachrichten auf dem Server bleiben unberührt.</translation>
    </message>
    <message>
        <source>This is a POP3 account: messages already deleted from the server exist only on this computer and will be lost.</source>
        <translation>Dies ist ein POP3-Konto: Bereits vom Server gelöschte Nachrichten gibt es nur noch auf diesem Computer, und sie gehen verloren.</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsAdvancedPage</name>
    <message>
        <source>The offline cache is not open.</source>
        <translation>Der Offline-Zwischenspeicher ist nicht geöffnet.</translation>
    </message>
    <message>
        <source>The offline cache takes %1 on disk, of which %2 are downloaded messages.</source>
        <translation>Der Offline-Zwischenspeicher belegt %1 auf dem Datenträger, davon %2 für heruntergeladene Nachrichten.</translation>
    </message>
    <message>
        <source>Not offered: the POP3 account %1 removes mail from its server, so this computer holds the only copy.</source>
        <translation>Nicht angeboten: Das POP3-Konto %1 entfernt Nachrichten von seinem Server, daher befindet sich die einzige Kopie auf diesem Computer.</translation>
    </message>
    <message>
        <source>Clear Cache</source>
        <translation>Zwischenspeicher leeren</translation>
    </message>
    <message>
        <source>Remove every downloaded message from this computer?</source>
        <translation>Alle heruntergeladenen Nachrichten von diesem Computer entfernen?</translation>
    </message>
    <message>
        <source>Your mail stays on the server; Magpie downloads a message again when you open it. This happens at once, even if you cancel the settings.</source>
        <translation>Ihre Nachrichten bleiben auf dem Server; Magpie lädt eine Nachricht erneut herunter, wenn Sie sie öffnen. Dies geschieht sofort, auch wenn Sie die Einstellungen abbrechen.</translation>
    </message>
    <message>
        <source>The cache could not be cleared: %1</source>
        <translation>Der Zwischenspeicher konnte nicht geleert werden: %1</translation>
    </message>
    <message>
        <source>The downloaded messages were removed.</source>
        <translation>Die heruntergeladenen Nachrichten wurden entfernt.</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsComposingPage</name>
    <message>
        <source>No spelling check</source>
        <translation>Keine Rechtschreibprüfung</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No spelling dictionaries are installed. Install a hunspell dictionary (for example the package hunspell-en-us) to check spelling.</source>
        <translation>Es sind keine Wörterbücher für die Rechtschreibprüfung installiert. Installieren Sie ein hunspell-Wörterbuch (zum Beispiel das Paket hunspell-de-de), um die Rechtschreibung zu prüfen.</translation>
    </message>
    <message>
        <source>Misspelt words are underlined while you write.</source>
        <translation>Falsch geschriebene Wörter werden beim Schreiben unterstrichen.</translation>
    </message>
    <message>
        <source>%1 (not installed)</source>
        <translation>%1 (nicht installiert)</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsDialog</name>
    <message>
        <source>Nothing was saved. %1</source>
        <translation>Es wurde nichts gespeichert. %1</translation>
    </message>
    <message>
        <source>The keychain refused to store it.</source>
        <translation>Der Schlüsselbund hat das Speichern abgelehnt.</translation>
    </message>
    <message>
        <source>The other settings were saved, but a password was not: %1</source>
        <translation>Die übrigen Einstellungen wurden gespeichert, ein Passwort jedoch nicht: %1</translation>
    </message>
    <message>
        <source>Saved. No keychain is available, so Magpie keeps the password only until it quits and asks for it once in each later session.</source>
        <translation>Gespeichert. Es ist kein Schlüsselbund verfügbar, daher behält Magpie das Passwort nur bis zum Beenden und fragt in jeder späteren Sitzung einmal danach.</translation>
    </message>
    <message>
        <source>Saved. The passwords are in the keychain.</source>
        <translation>Gespeichert. Die Passwörter sind im Schlüsselbund.</translation>
    </message>
    <message>
        <source>Saving the passwords in the keychain...</source>
        <translation>Die Passwörter werden im Schlüsselbund gespeichert...</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsGeneralPage</name>
    <message>
        <source>The system&apos;s language</source>
        <translation>Die Sprache des Systems</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsPrivacyPage</name>
    <message>
        <source>Passwords are kept in the system&apos;s keychain, never in Magpie&apos;s files.</source>
        <translation>Passwörter werden im Schlüsselbund des Systems aufbewahrt, niemals in Magpies Dateien.</translation>
    </message>
    <message>
        <source>No keychain is available on this computer, so Magpie does not keep your passwords: it asks for each one once per session and forgets it when you quit. Install and unlock a Secret Service keychain (GNOME Keyring or KWallet) to have them remembered.</source>
        <translation>Auf diesem Computer ist kein Schlüsselbund verfügbar, daher speichert Magpie Ihre Passwörter nicht: Es fragt jedes einmal pro Sitzung ab und vergisst es beim Beenden. Installieren und entsperren Sie einen Secret-Service-Schlüsselbund (GNOME Keyring oder KWallet), damit sie gespeichert werden.</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsValidator</name>
    <message>
        <source>Enter the server&apos;s port, a number from 1 to 65535.</source>
        <translation>Geben Sie den Port des Servers ein, eine Zahl von 1 bis 65535.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a port: enter a number from 1 to 65535.</source>
        <translation>„%1“ ist kein Port: Geben Sie eine Zahl von 1 bis 65535 ein.</translation>
    </message>
    <message>
        <source>Enter the server&apos;s name, for example imap.example.com.</source>
        <translation>Geben Sie den Namen des Servers ein, zum Beispiel imap.example.com.</translation>
    </message>
    <message>
        <source>Enter only the server&apos;s name, without &quot;%1&quot;: for example imap.example.com.</source>
        <translation>Geben Sie nur den Namen des Servers ein, ohne „%1“: zum Beispiel imap.example.com.</translation>
    </message>
    <message>
        <source>A server name cannot contain spaces.</source>
        <translation>Ein Servername darf keine Leerzeichen enthalten.</translation>
    </message>
    <message>
        <source>Enter the port in its own field, not after the server&apos;s name.</source>
        <translation>Geben Sie den Port in seinem eigenen Feld ein, nicht hinter dem Namen des Servers.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid server name: use letters, digits, hyphens and dots, for example mail.example.com.</source>
        <translation>„%1“ ist kein gültiger Servername: Verwenden Sie Buchstaben, Ziffern, Bindestriche und Punkte, zum Beispiel mail.example.com.</translation>
    </message>
    <message>
        <source>Enter your e-mail address, for example alice@example.com.</source>
        <translation>Geben Sie Ihre E-Mail-Adresse ein, zum Beispiel alice@example.com.</translation>
    </message>
    <message>
        <source>Enter the address alone, without angle brackets; your name has its own field.</source>
        <translation>Geben Sie nur die Adresse ein, ohne spitze Klammern; Ihr Name hat ein eigenes Feld.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an e-mail address: it needs a name, an @ and a domain, for example alice@example.com.</source>
        <translation>„%1“ ist keine E-Mail-Adresse: Sie benötigt einen Namen, ein @ und eine Domain, zum Beispiel alice@example.com.</translation>
    </message>
    <message>
        <source>An e-mail address cannot contain spaces.</source>
        <translation>Eine E-Mail-Adresse darf keine Leerzeichen enthalten.</translation>
    </message>
    <message>
        <source>The part before the @ in &quot;%1&quot; is not valid in an e-mail address.</source>
        <translation>Der Teil vor dem @ in „%1“ ist in einer E-Mail-Adresse nicht gültig.</translation>
    </message>
    <message>
        <source>The domain after the @ in &quot;%1&quot; is not valid.</source>
        <translation>Die Domain nach dem @ in „%1“ ist nicht gültig.</translation>
    </message>
    <message>
        <source>A SHA-256 fingerprint has 64 hexadecimal digits (0-9, A-F), usually in pairs separated by colons. Copy it from the certificate&apos;s details, or leave the field empty.</source>
        <translation>Ein SHA-256-Fingerabdruck hat 64 Hexadezimalziffern (0-9, A-F), meist paarweise durch Doppelpunkte getrennt. Kopieren Sie ihn aus den Details des Zertifikats oder lassen Sie das Feld leer.</translation>
    </message>
    <message>
        <source>Your name cannot contain line breaks or control characters.</source>
        <translation>Ihr Name darf keine Zeilenumbrüche oder Steuerzeichen enthalten.</translation>
    </message>
</context>
<context>
    <name>magpie::app::main</name>
    <message>
        <source>Magpie cannot start</source>
        <translation>Magpie kann nicht starten</translation>
    </message>
    <message>
        <source>Cannot write to this link</source>
        <translation>An diesen Link kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>%1 is not a mailto: link Magpie understands.</source>
        <translation>%1 ist kein mailto:-Link, den Magpie versteht.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::AttachmentFile</name>
    <message>
        <source>Cannot attach %1: it is a folder.</source>
        <translation>%1 kann nicht angehängt werden: Es ist ein Ordner.</translation>
    </message>
    <message>
        <source>Cannot attach %1: %2</source>
        <translation>%1 kann nicht angehängt werden: %2</translation>
    </message>
</context>
<context>
    <name>magpie::cli::CheckReport</name>
    <message>
        <source>TLS from the first byte</source>
        <translation>TLS ab dem ersten Byte</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>plaintext</source>
        <translation>unverschlüsselt</translation>
    </message>
    <message>
        <source>Connected to %1:%2 (%3, %4)</source>
        <translation>Verbunden mit %1:%2 (%3, %4)</translation>
    </message>
    <message>
        <source>TLS: none, the connection is not encrypted (plaintext was chosen: %1:// without ?starttls=required)</source>
        <translation>TLS: keines, die Verbindung ist nicht verschlüsselt (unverschlüsselt gewählt: %1:// ohne ?starttls=required)</translation>
    </message>
    <message>
        <source>TLS: none, the connection is not encrypted</source>
        <translation>TLS: keines, die Verbindung ist nicht verschlüsselt</translation>
    </message>
    <message>
        <source>TLS: %1, %2</source>
        <translation>TLS: %1, %2</translation>
    </message>
    <message>
        <source>Certificate: %1, issued by %2</source>
        <translation>Zertifikat: %1, ausgestellt von %2</translation>
    </message>
    <message>
        <source>, valid until %1</source>
        <translation>, gültig bis %1</translation>
    </message>
    <message>
        <source>SHA-256: %1 (trusted because it matches --pin)</source>
        <translation>SHA-256: %1 (vertrauenswürdig, da der Fingerabdruck mit --pin übereinstimmt)</translation>
    </message>
    <message>
        <source>SHA-256: %1</source>
        <translation>SHA-256: %1</translation>
    </message>
    <message>
        <source>Capabilities</source>
        <translation>Fähigkeiten</translation>
    </message>
    <message>
        <source>(none announced)</source>
        <translation>(keine angekündigt)</translation>
    </message>
    <message>
        <source>Login: accepted for %1</source>
        <translation>Anmeldung: für %1 akzeptiert</translation>
    </message>
    <message>
        <source>Login: accepted for %1 (%2)</source>
        <translation>Anmeldung: für %1 akzeptiert (%2)</translation>
    </message>
    <message>
        <source>Login: not tried (no user in the URL)</source>
        <translation>Anmeldung: nicht versucht (kein Benutzer in der URL)</translation>
    </message>
    <message>
        <source>Server alert: %1</source>
        <translation>Warnung des Servers: %1</translation>
    </message>
    <message>
        <source>Protocol log:</source>
        <translation>Protokollmitschnitt:</translation>
    </message>
</context>
<context>
    <name>magpie::cli::ConnectionOptions</name>
    <message>
        <source>Trust the certificates in this PEM file besides the system&apos;s.</source>
        <translation>Zusätzlich zu denen des Systems den Zertifikaten in dieser PEM-Datei vertrauen.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Accept exactly the certificate with this SHA-256 fingerprint (AB:CD:... as printed by check), even if it is self-signed.</source>
        <translation>Genau das Zertifikat mit diesem SHA-256-Fingerabdruck akzeptieren (AB:CD:..., wie von check ausgegeben), auch wenn es selbstsigniert ist.</translation>
    </message>
    <message>
        <source>sha256</source>
        <translation>sha256</translation>
    </message>
    <message>
        <source>Give up when connecting, or waiting for a reply, takes longer than this. Default: 30 s to connect, 60 s per reply.</source>
        <translation>Abbrechen, wenn der Verbindungsaufbau oder das Warten auf eine Antwort länger dauert. Standard: 30 s für den Verbindungsaufbau, 60 s pro Antwort.</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>Log in with the OAuth 2.0 access token held in this environment variable (OAUTHBEARER or XOAUTH2) instead of a password.</source>
        <translation>Mit dem OAuth-2.0-Zugriffstoken aus dieser Umgebungsvariable (OAUTHBEARER oder XOAUTH2) statt mit einem Passwort anmelden.</translation>
    </message>
    <message>
        <source>variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Print the protocol log at the end (passwords and AUTH data are never in it).</source>
        <translation>Am Ende den Protokollmitschnitt ausgeben (Passwörter und AUTH-Daten sind nie darin enthalten).</translation>
    </message>
    <message>
        <source>--pin needs a SHA-256 fingerprint, 64 hexadecimal digits such as AB:CD:...:EF as check prints it; “%1” is not one.</source>
        <translation>--pin erwartet einen SHA-256-Fingerabdruck, 64 Hexadezimalziffern wie AB:CD:...:EF, so wie check ihn ausgibt; „%1“ ist keiner.</translation>
    </message>
    <message>
        <source>--timeout needs a number of seconds from 0 to 3600, not “%1”.</source>
        <translation>--timeout erwartet eine Anzahl Sekunden von 0 bis 3600, nicht „%1“.</translation>
    </message>
    <message>
        <source>--oauth-token-env names %1, but that environment variable is not set or empty.</source>
        <translation>--oauth-token-env nennt %1, aber diese Umgebungsvariable ist nicht gesetzt oder leer.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>Cannot read the certificate file %1: %2</source>
        <translation>Die Zertifikatsdatei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 holds no certificate (a PEM file starting with “-----BEGIN CERTIFICATE-----” is expected).</source>
        <translation>%1 enthält kein Zertifikat (erwartet wird eine PEM-Datei, die mit „-----BEGIN CERTIFICATE-----“ beginnt).</translation>
    </message>
    <message>
        <source>Warning: %1 is not encrypted: the password and everything else cross the network as plain text. Use %2, or add ?starttls=required, unless this is a test server.</source>
        <translation>Warnung: %1 ist nicht verschlüsselt: Das Passwort und alles andere werden im Klartext über das Netzwerk übertragen. Verwenden Sie %2 oder fügen Sie ?starttls=required hinzu, sofern dies kein Testserver ist.</translation>
    </message>
    <message>
        <source>Warning: %1 is not encrypted: everything crosses the network as plain text. Use %2, or add ?starttls=required, unless this is a test server.</source>
        <translation>Warnung: %1 ist nicht verschlüsselt: Alles wird im Klartext über das Netzwerk übertragen. Verwenden Sie %2 oder fügen Sie ?starttls=required hinzu, sofern dies kein Testserver ist.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::ImapCheck</name>
    <message>
        <source>Login: not needed, the server said PREAUTH</source>
        <translation>Anmeldung: nicht nötig, der Server meldete PREAUTH</translation>
    </message>
    <message>
        <source>Login: refused</source>
        <translation>Anmeldung: abgelehnt</translation>
    </message>
    <message>
        <source>Capabilities after login</source>
        <translation>Fähigkeiten nach der Anmeldung</translation>
    </message>
    <message>
        <source>Folders (%1):</source>
        <translation>Ordner (%1):</translation>
    </message>
    <message>
        <source>(not selectable)</source>
        <translation>(nicht auswählbar)</translation>
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
    <name>magpie::cli::ListCommand</name>
    <message>
        <source>list needs --folder NAME (INBOX, Sent, ...).</source>
        <translation>list erwartet --folder NAME (INBOX, Sent, ...).</translation>
    </message>
    <message>
        <source>--limit needs a whole number of messages above 0, not “%1”.</source>
        <translation>--limit erwartet eine Anzahl Nachrichten als ganze Zahl größer als 0, nicht „%1“.</translation>
    </message>
    <message>
        <source>There is no folder “%1” in the cache, and no folder at all: run magpie-cli sync first.</source>
        <translation>Der Zwischenspeicher enthält keinen Ordner „%1“ und auch sonst keinen Ordner: Führen Sie zuerst magpie-cli sync aus.</translation>
    </message>
    <message>
        <source>There is no folder “%1” in the cache. Cached folders: %2.</source>
        <translation>Der Zwischenspeicher enthält keinen Ordner „%1“. Zwischengespeicherte Ordner: %2.</translation>
    </message>
    <message>
        <source>Several accounts have a folder “%1”: %2. Say which with --account ID.</source>
        <translation>Mehrere Konten haben einen Ordner „%1“: %2. Geben Sie mit --account ID an, welches gemeint ist.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::MailUrl</name>
    <message>
        <source>“%1” is not a server URL magpie-cli can use: %2</source>
        <translation>„%1“ ist keine Server-URL, die magpie-cli verwenden kann: %2</translation>
    </message>
    <message>
        <source>it must start with imap://, imaps://, pop3://, pop3s://, smtp:// or smtps://.</source>
        <translation>Sie muss mit imap://, imaps://, pop3://, pop3s://, smtp:// oder smtps:// beginnen.</translation>
    </message>
    <message>
        <source>it names no server (write it as imaps://user@host).</source>
        <translation>Sie nennt keinen Server (schreiben Sie sie in der Form imaps://user@host).</translation>
    </message>
    <message>
        <source>it holds a password. Give the password in the MAGPIE_PASSWORD environment variable or at the prompt instead, so that it does not stay in the shell&apos;s history.</source>
        <translation>Sie enthält ein Passwort. Geben Sie das Passwort stattdessen in der Umgebungsvariable MAGPIE_PASSWORD oder bei der Abfrage an, damit es nicht im Verlauf der Shell bleibt.</translation>
    </message>
    <message>
        <source>it has a path (%1); only a server is expected here.</source>
        <translation>Sie enthält einen Pfad (%1); hier wird nur ein Server erwartet.</translation>
    </message>
    <message>
        <source>it has a fragment (#%1); only a server is expected here.</source>
        <translation>Sie enthält ein Fragment (#%1); hier wird nur ein Server erwartet.</translation>
    </message>
    <message>
        <source>port 0 is not a port a server listens on.</source>
        <translation>Port 0 ist kein Port, auf dem ein Server lauscht.</translation>
    </message>
    <message>
        <source>the option “%1” is unknown (the one option is starttls=required).</source>
        <translation>Die Option „%1“ ist unbekannt (die einzige Option ist starttls=required).</translation>
    </message>
    <message>
        <source>starttls applies to imap://, pop3:// and smtp:// only; %1:// is TLS from the first byte already.</source>
        <translation>starttls gilt nur für imap://, pop3:// und smtp://; %1:// verwendet bereits ab dem ersten Byte TLS.</translation>
    </message>
    <message>
        <source>starttls must be “required” or “no”, not “%1”.</source>
        <translation>starttls muss „required“ oder „no“ sein, nicht „%1“.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::OutboxCommand</name>
    <message>
        <source>--%1 needs the number of an outbox entry (the first column), not “%2”.</source>
        <translation>--%1 erwartet die Nummer eines Eintrags im Postausgang (die erste Spalte), nicht „%2“.</translation>
    </message>
    <message>
        <source>Give --retry or --discard, not both.</source>
        <translation>Geben Sie --retry oder --discard an, nicht beides.</translation>
    </message>
    <message>
        <source>Entry %1 is queued again; it goes out with the account&apos;s next sync.</source>
        <translation>Eintrag %1 ist wieder in der Warteschlange; er wird bei der nächsten Synchronisation des Kontos gesendet.</translation>
    </message>
    <message>
        <source>Entry %1 was removed from the outbox.</source>
        <translation>Eintrag %1 wurde aus dem Postausgang entfernt.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::PasswordPrompt</name>
    <message>
        <source>Password for %1: </source>
        <translation>Passwort für %1: </translation>
    </message>
    <message>
        <source>No password: set MAGPIE_PASSWORD, or run magpie-cli in a terminal so that it can ask for one.</source>
        <translation>Kein Passwort: Setzen Sie MAGPIE_PASSWORD oder führen Sie magpie-cli in einem Terminal aus, damit es danach fragen kann.</translation>
    </message>
    <message>
        <source>No password was entered.</source>
        <translation>Es wurde kein Passwort eingegeben.</translation>
    </message>
    <message>
        <source>No password: set MAGPIE_PASSWORD, or run magpie-cli in a console so that it can ask for one.</source>
        <translation>Kein Passwort: Setzen Sie MAGPIE_PASSWORD oder führen Sie magpie-cli in einer Konsole aus, damit es danach fragen kann.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::Pop3Check</name>
    <message>
        <source>Greeting: %1</source>
        <translation>Begrüßung: %1</translation>
    </message>
    <message>
        <source>Capabilities: %1</source>
        <translation>Fähigkeiten: %1</translation>
    </message>
    <message>
        <source>Capabilities: none (the server does not know CAPA, RFC 2449)</source>
        <translation>Fähigkeiten: keine (der Server kennt CAPA nicht, RFC 2449)</translation>
    </message>
    <message>
        <source>Login: refused</source>
        <translation>Anmeldung: abgelehnt</translation>
    </message>
    <message>
        <source>Messages: %1 (%2 bytes)</source>
        <translation>Nachrichten: %1 (%2 Bytes)</translation>
    </message>
</context>
<context>
    <name>magpie::cli::ProfileOption</name>
    <message>
        <source>The Magpie profile folder (settings and mail cache). Default: $MAGPIE_PROFILE, else Magpie&apos;s own data folder.</source>
        <translation>Der Profilordner von Magpie (Einstellungen und E-Mail-Zwischenspeicher). Standard: $MAGPIE_PROFILE, sonst der eigene Datenordner von Magpie.</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>The profile %1 is a file, not a folder. Give --profile a folder.</source>
        <translation>Das Profil %1 ist eine Datei, kein Ordner. Geben Sie bei --profile einen Ordner an.</translation>
    </message>
    <message>
        <source>The profile folder %1 cannot be created. Check the path and that you may write there.</source>
        <translation>Der Profilordner %1 kann nicht angelegt werden. Prüfen Sie den Pfad und ob Sie dort schreiben dürfen.</translation>
    </message>
    <message>
        <source>There is no mail cache in %1. Run magpie-cli sync first, or give the right folder with --profile.</source>
        <translation>In %1 gibt es keinen E-Mail-Zwischenspeicher. Führen Sie zuerst magpie-cli sync aus oder geben Sie mit --profile den richtigen Ordner an.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::SearchCommand</name>
    <message>
        <source>search needs something to look for, e.g. search invoice.</source>
        <translation>search benötigt einen Suchbegriff, z. B. search Rechnung.</translation>
    </message>
    <message>
        <source>--limit needs a whole number of hits above 0, not “%1”.</source>
        <translation>--limit erwartet eine Anzahl Treffer als ganze Zahl größer als 0, nicht „%1“.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::SendCommand</name>
    <message>
        <source>--%1 “%2” holds no mail address.</source>
        <translation>--%1 „%2“ enthält keine E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>--%1 contains a line break or another control character; nothing was sent.</source>
        <translation>--%1 enthält einen Zeilenumbruch oder ein anderes Steuerzeichen; es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>--%1 “%2” is not a mail address I can use: %3</source>
        <translation>--%1 „%2“ ist keine verwendbare E-Mail-Adresse: %3</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text; convert it first (iconv -t UTF-8).</source>
        <translation>%1 ist kein UTF-8-Text; konvertieren Sie die Datei zuerst (iconv -t UTF-8).</translation>
    </message>
    <message>
        <source>The server refused %1 of %2 recipients; the message went to the others.</source>
        <translation>Der Server hat %1 von %2 Empfängern abgelehnt; die Nachricht ging an die übrigen.</translation>
    </message>
    <message>
        <source>Write a message and submit it to an SMTP server. The password comes from MAGPIE_PASSWORD or a prompt.</source>
        <translation>Eine Nachricht verfassen und an einen SMTP-Server senden. Das Passwort stammt aus MAGPIE_PASSWORD oder wird abgefragt.</translation>
    </message>
    <message>
        <source>The submission server: smtps://user@host:port, or smtp://...?starttls=required.</source>
        <translation>Der Server für den Versand: smtps://user@host:port oder smtp://...?starttls=required.</translation>
    </message>
    <message>
        <source>url</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>The sender (From and MAIL FROM).</source>
        <translation>Der Absender (From und MAIL FROM).</translation>
    </message>
    <message>
        <source>address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>A recipient (repeatable).</source>
        <translation>Ein Empfänger (mehrfach möglich).</translation>
    </message>
    <message>
        <source>A copy recipient (repeatable).</source>
        <translation>Ein Kopie-Empfänger (CC, mehrfach möglich).</translation>
    </message>
    <message>
        <source>A hidden recipient, in no header (repeatable).</source>
        <translation>Ein Blindkopie-Empfänger, der in keiner Kopfzeile erscheint (mehrfach möglich).</translation>
    </message>
    <message>
        <source>The subject.</source>
        <translation>Der Betreff.</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>The message text.</source>
        <translation>Der Nachrichtentext.</translation>
    </message>
    <message>
        <source>Read the message text (UTF-8) from this file, - for standard input.</source>
        <translation>Den Nachrichtentext (UTF-8) aus dieser Datei lesen, - für die Standardeingabe.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Attach this file (repeatable).</source>
        <translation>Diese Datei anhängen (mehrfach möglich).</translation>
    </message>
    <message>
        <source>Unexpected argument “%1”; every part of the message is given by an option.</source>
        <translation>Unerwartetes Argument „%1“; jeder Teil der Nachricht wird über eine Option angegeben.</translation>
    </message>
    <message>
        <source>--smtp URL is needed: the server to submit to.</source>
        <translation>--smtp URL ist erforderlich: der Server, an den gesendet wird.</translation>
    </message>
    <message>
        <source>--from ADDRESS is needed: who the message is from.</source>
        <translation>--from ADRESSE ist erforderlich: von wem die Nachricht stammt.</translation>
    </message>
    <message>
        <source>At least one recipient is needed: --to, --cc or --bcc.</source>
        <translation>Mindestens ein Empfänger ist erforderlich: --to, --cc oder --bcc.</translation>
    </message>
    <message>
        <source>Give the text with --body or with --body-file, not both.</source>
        <translation>Geben Sie den Text mit --body oder mit --body-file an, nicht mit beiden.</translation>
    </message>
    <message>
        <source>--smtp needs an smtp:// or smtps:// URL, not %1.</source>
        <translation>--smtp erwartet eine smtp://- oder smtps://-URL, nicht %1.</translation>
    </message>
    <message>
        <source>--from must be one address.</source>
        <translation>--from muss genau eine Adresse sein.</translation>
    </message>
    <message>
        <source>Refused: %1: %2</source>
        <translation>Abgelehnt: %1: %2</translation>
    </message>
    <message>
        <source>Accepted: %1</source>
        <translation>Angenommen: %1</translation>
    </message>
    <message>
        <source>Message-ID: &lt;%1&gt;</source>
        <translation>Message-ID: &lt;%1&gt;</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>Protocol log:</source>
        <translation>Protokollmitschnitt:</translation>
    </message>
</context>
<context>
    <name>magpie::cli::SmtpCheck</name>
    <message>
        <source>Greeting: %1</source>
        <translation>Begrüßung: %1</translation>
    </message>
    <message>
        <source>Capabilities: none (the server refused EHLO; HELO was used, RFC 5321 s3.2)</source>
        <translation>Fähigkeiten: keine (der Server hat EHLO abgelehnt; HELO wurde verwendet, RFC 5321 s3.2)</translation>
    </message>
    <message>
        <source>Capabilities: %1</source>
        <translation>Fähigkeiten: %1</translation>
    </message>
    <message>
        <source>Login: refused</source>
        <translation>Anmeldung: abgelehnt</translation>
    </message>
</context>
<context>
    <name>magpie::cli::SyncCommand</name>
    <message>
        <source>%1 is not a mailbox: sync takes an imap://, imaps://, pop3:// or pop3s:// URL.</source>
        <translation>%1 ist kein Postfach: sync erwartet eine imap://-, imaps://-, pop3://- oder pop3s://-URL.</translation>
    </message>
    <message>
        <source>%1 names no user; sync needs one to log in, as in imaps://alice%40example.com@imap.example.com.</source>
        <translation>%1 nennt keinen Benutzer; sync benötigt einen für die Anmeldung, etwa imaps://alice%40example.com@imap.example.com.</translation>
    </message>
    <message>
        <source>Cannot write the log file %1: %2</source>
        <translation>Die Protokolldatei %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>The account was not saved: %1</source>
        <translation>Das Konto wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Messages: %1 new, %2 with changed flags, %3 removed</source>
        <translation>Nachrichten: %1 neu, %2 mit geänderten Markierungen, %3 entfernt</translation>
    </message>
    <message>
        <source>%1  %2 messages, %3 unread</source>
        <translation>%1  %2 Nachrichten, %3 ungelesen</translation>
    </message>
</context>
<context>
    <name>magpie::imap::AppendJob</name>
    <message>
        <source>Saving the message in %1</source>
        <translation>Das Speichern der Nachricht in %1</translation>
    </message>
    <message>
        <source>Saving a message needs a folder to save it in.</source>
        <translation>Zum Speichern einer Nachricht wird ein Zielordner benötigt.</translation>
    </message>
    <message>
        <source>%1 failed: the message is empty.</source>
        <translation>%1 ist fehlgeschlagen: Die Nachricht ist leer.</translation>
    </message>
    <message>
        <source>%1 failed: its date is out of range.</source>
        <translation>%1 ist fehlgeschlagen: Das Datum der Nachricht liegt außerhalb des gültigen Bereichs.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist on the server.</source>
        <translation>Der Ordner %1 existiert auf dem Server nicht.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::CapabilityJob</name>
    <message>
        <source>Asking %1 what it supports</source>
        <translation>Die Abfrage der Fähigkeiten von %1</translation>
    </message>
</context>
<context>
    <name>magpie::imap::CompressJob</name>
    <message>
        <source>Switching on compression</source>
        <translation>Das Einschalten der Komprimierung</translation>
    </message>
</context>
<context>
    <name>magpie::imap::CopyJob</name>
    <message>
        <source>Copying 1 message to %1</source>
        <translation>Das Kopieren einer Nachricht nach %1</translation>
    </message>
    <message numerus="yes">
        <source>Copying %n messages to %1</source>
        <translation>
            <numerusform>Das Kopieren von %n Nachricht nach %1</numerusform>
            <numerusform>Das Kopieren von %n Nachrichten nach %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Copying messages needs a destination folder.</source>
        <translation>Zum Kopieren von Nachrichten wird ein Zielordner benötigt.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist on the server.</source>
        <translation>Der Ordner %1 existiert auf dem Server nicht.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::EnableJob</name>
    <message>
        <source>Enabling extensions on %1</source>
        <translation>Das Aktivieren von Erweiterungen auf %1</translation>
    </message>
</context>
<context>
    <name>magpie::imap::ExpungeJob</name>
    <message>
        <source>Removing 1 deleted message from %1</source>
        <translation>Das Entfernen einer gelöschten Nachricht aus %1</translation>
    </message>
    <message numerus="yes">
        <source>Removing %n deleted messages from %1</source>
        <translation>
            <numerusform>Das Entfernen von %n gelöschten Nachricht aus %1</numerusform>
            <numerusform>Das Entfernen von %n gelöschten Nachrichten aus %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not possible: the server cannot remove only chosen messages (it lacks UIDPLUS), and removing all deleted messages would also take those other programs marked as deleted.</source>
        <translation>%1 ist nicht möglich: Der Server kann nicht nur ausgewählte Nachrichten entfernen (er unterstützt UIDPLUS nicht), und das Entfernen aller gelöschten Nachrichten würde auch jene entfernen, die andere Programme als gelöscht markiert haben.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::FetchJob</name>
    <message>
        <source>Fetching messages</source>
        <translation>Das Abrufen von Nachrichten</translation>
    </message>
    <message>
        <source>Fetching messages from %1</source>
        <translation>Das Abrufen von Nachrichten aus %1</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a part of a message that IMAP can fetch.</source>
        <translation>%1 ist nicht möglich: „%2“ ist kein Teil einer Nachricht, den IMAP abrufen kann.</translation>
    </message>
    <message>
        <source>%1: nothing to fetch was chosen.</source>
        <translation>%1 ist nicht möglich: Es wurde nichts zum Abrufen ausgewählt.</translation>
    </message>
    <message>
        <source>%1 needs the server to keep modification sequences (CONDSTORE, RFC 7162), and it does not.</source>
        <translation>%1 setzt voraus, dass der Server Modifikationssequenzen führt (CONDSTORE, RFC 7162), was er nicht tut.</translation>
    </message>
    <message>
        <source>%1: asking which messages vanished needs QRESYNC enabled first.</source>
        <translation>%1 ist nicht möglich: Die Abfrage, welche Nachrichten verschwunden sind, erfordert, dass zuvor QRESYNC aktiviert wurde.</translation>
    </message>
    <message>
        <source>%1: asking which messages vanished needs a UID fetch of changes since a modification sequence.</source>
        <translation>%1 ist nicht möglich: Die Abfrage, welche Nachrichten verschwunden sind, erfordert einen UID FETCH der Änderungen seit einer Modifikationssequenz.</translation>
    </message>
    <message>
        <source>VANISHED with an invalid UID set</source>
        <translation>VANISHED mit einer ungültigen UID-Menge</translation>
    </message>
    <message>
        <source>%1 failed: the server sent a response Magpie cannot read (%2).</source>
        <translation>%1 ist fehlgeschlagen: Der Server hat eine Antwort gesendet, die Magpie nicht lesen kann (%2).</translation>
    </message>
</context>
<context>
    <name>magpie::imap::FetchedMessage</name>
    <message>
        <source>an address list is neither a list nor NIL</source>
        <translation>eine Adressliste ist weder eine Liste noch NIL</translation>
    </message>
    <message>
        <source>an address is not a list of four strings</source>
        <translation>eine Adresse ist keine Liste aus vier Zeichenketten</translation>
    </message>
    <message>
        <source>it is not a list of ten fields</source>
        <translation>es ist keine Liste aus zehn Feldern</translation>
    </message>
    <message>
        <source>a list stands where a string belongs</source>
        <translation>an der Stelle einer Zeichenkette steht eine Liste</translation>
    </message>
    <message>
        <source>its parts are nested too deeply</source>
        <translation>die Teile sind zu tief verschachtelt</translation>
    </message>
    <message>
        <source>a body part is not a list</source>
        <translation>ein Nachrichtenteil ist keine Liste</translation>
    </message>
    <message>
        <source>a body part has fewer than seven fields</source>
        <translation>ein Nachrichtenteil hat weniger als sieben Felder</translation>
    </message>
    <message>
        <source>the %1 is not a number from 1 to 4294967295</source>
        <translation>%1 ist keine Zahl von 1 bis 4294967295</translation>
    </message>
    <message>
        <source>the %1 are not a list of flags</source>
        <translation>%1 sind keine Liste von Markierungen</translation>
    </message>
    <message>
        <source>the %1 is not a date and time</source>
        <translation>%1 ist kein Datum mit Uhrzeit</translation>
    </message>
    <message>
        <source>the %1 is not a number</source>
        <translation>%1 ist keine Zahl</translation>
    </message>
    <message>
        <source>the %1 is not a number in parentheses</source>
        <translation>%1 ist keine Zahl in Klammern</translation>
    </message>
    <message>
        <source>the ENVELOPE cannot be read (%1)</source>
        <translation>das ENVELOPE kann nicht gelesen werden (%1)</translation>
    </message>
    <message>
        <source>the %1 cannot be read (%2)</source>
        <translation>das Element %1 kann nicht gelesen werden (%2)</translation>
    </message>
    <message>
        <source>the item %1 has no closing bracket</source>
        <translation>dem Element %1 fehlt die schließende Klammer</translation>
    </message>
    <message>
        <source>the item %1 has a malformed origin</source>
        <translation>das Element %1 hat einen fehlerhaften Startpunkt</translation>
    </message>
    <message>
        <source>the %1 is a list, not a string</source>
        <translation>%1 ist eine Liste, keine Zeichenkette</translation>
    </message>
    <message>
        <source>The server sent an ENVELOPE Magpie could not read: %1.</source>
        <translation>Der Server hat ein ENVELOPE gesendet, das Magpie nicht lesen konnte: %1.</translation>
    </message>
    <message>
        <source>The server sent a BODYSTRUCTURE Magpie could not read: %1.</source>
        <translation>Der Server hat eine BODYSTRUCTURE gesendet, die Magpie nicht lesen konnte: %1.</translation>
    </message>
    <message>
        <source>The server sent a FETCH response for message %1 that Magpie could not read: %2.</source>
        <translation>Der Server hat für Nachricht %1 eine FETCH-Antwort gesendet, die Magpie nicht lesen konnte: %2.</translation>
    </message>
    <message>
        <source>it is not a FETCH response with a message number</source>
        <translation>es ist keine FETCH-Antwort mit Nachrichtennummer</translation>
    </message>
    <message>
        <source>its data is not one parenthesized list</source>
        <translation>ihre Daten sind keine einzelne Liste in Klammern</translation>
    </message>
    <message>
        <source>an item has no value</source>
        <translation>ein Element hat keinen Wert</translation>
    </message>
    <message>
        <source>an item name is not an atom</source>
        <translation>ein Elementname ist kein Atom</translation>
    </message>
</context>
<context>
    <name>magpie::imap::FlagList</name>
    <message>
        <source>&quot;%1&quot; cannot be used as a message flag: a flag is one word without spaces, quotes or brackets.</source>
        <translation>„%1“ kann nicht als Nachrichtenmarkierung verwendet werden: Eine Markierung ist ein einzelnes Wort ohne Leerzeichen, Anführungszeichen oder Klammern.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::IdJob</name>
    <message>
        <source>Introducing Magpie to %1 (ID)</source>
        <translation>Die Identifizierung von Magpie gegenüber %1 (ID)</translation>
    </message>
</context>
<context>
    <name>magpie::imap::IdleJob</name>
    <message>
        <source>%1 does not support IDLE, so new mail can only be found by checking.</source>
        <translation>%1 unterstützt IDLE nicht, daher können neue Nachrichten nur durch Abrufen gefunden werden.</translation>
    </message>
    <message>
        <source>Waiting for new mail (IDLE)</source>
        <translation>Das Warten auf neue Nachrichten (IDLE)</translation>
    </message>
</context>
<context>
    <name>magpie::imap::ImapCommand</name>
    <message>
        <source>The command name &quot;%1&quot; is not valid.</source>
        <translation>Der Befehlsname „%1“ ist ungültig.</translation>
    </message>
    <message>
        <source>The command %1 cannot be sent: &quot;%2&quot; is not an IMAP atom.</source>
        <translation>Der Befehl %1 kann nicht gesendet werden: „%2“ ist kein IMAP-Atom.</translation>
    </message>
    <message>
        <source>The mailbox name</source>
        <translation>Der Ordnername</translation>
    </message>
    <message>
        <source>The message contains NUL bytes, which the server cannot receive: it does not offer the BINARY extension (RFC 3516).</source>
        <translation>Die Nachricht enthält NUL-Bytes, die der Server nicht empfangen kann: Er bietet die Erweiterung BINARY (RFC 3516) nicht an.</translation>
    </message>
    <message>
        <source>The password</source>
        <translation>Das Passwort</translation>
    </message>
    <message>
        <source>The command %1 cannot be sent: an argument contains a line break or a NUL character.</source>
        <translation>Der Befehl %1 kann nicht gesendet werden: Ein Argument enthält einen Zeilenumbruch oder ein NUL-Zeichen.</translation>
    </message>
    <message>
        <source>The command %1 cannot be sent: it names no messages.</source>
        <translation>Der Befehl %1 kann nicht gesendet werden: Er nennt keine Nachrichten.</translation>
    </message>
    <message>
        <source>The command %1 cannot be sent: its parentheses do not match.</source>
        <translation>Der Befehl %1 kann nicht gesendet werden: Seine Klammern sind nicht ausgeglichen.</translation>
    </message>
    <message>
        <source>An argument of %1</source>
        <translation>Ein Argument von %1</translation>
    </message>
    <message>
        <source>%1 contains a NUL character, which IMAP cannot carry.</source>
        <translation>%1 enthält ein NUL-Zeichen, das IMAP nicht übertragen kann.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::ImapJob</name>
    <message>
        <source>%1 asked for more data (“+ %2”) when Magpie had nothing more to send.</source>
        <translation>%1 hat weitere Daten angefordert („+ %2“), obwohl Magpie nichts mehr zu senden hatte.</translation>
    </message>
    <message>
        <source>%1 failed: the server answered %2 without saying why.</source>
        <translation>%1 ist fehlgeschlagen: Der Server antwortete %2, ohne einen Grund zu nennen.</translation>
    </message>
    <message>
        <source>%1 failed: the server answered “%2”.</source>
        <translation>%1 ist fehlgeschlagen: Der Server antwortete „%2“.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::ImapResponseParser</name>
    <message>
        <source>a line longer than %1 bytes</source>
        <translation>eine Zeile mit mehr als %1 Bytes</translation>
    </message>
    <message>
        <source>an empty line</source>
        <translation>eine leere Zeile</translation>
    </message>
    <message>
        <source>a missing tag</source>
        <translation>ein fehlendes Tag</translation>
    </message>
    <message>
        <source>a tag without a status (OK, NO or BAD)</source>
        <translation>ein Tag ohne Status (OK, NO oder BAD)</translation>
    </message>
    <message>
        <source>a message number out of range</source>
        <translation>eine Nachrichtennummer außerhalb des gültigen Bereichs</translation>
    </message>
    <message>
        <source>a malformed message number</source>
        <translation>eine fehlerhafte Nachrichtennummer</translation>
    </message>
    <message>
        <source>a response without a name</source>
        <translation>eine Antwort ohne Namen</translation>
    </message>
    <message>
        <source>unexpected text</source>
        <translation>unerwarteter Text</translation>
    </message>
    <message>
        <source>The server sent a response Magpie could not read: %1 in &quot;%2&quot;.</source>
        <translation>Der Server hat eine Antwort gesendet, die Magpie nicht lesen konnte: %1 in „%2“.</translation>
    </message>
    <message>
        <source>a value is missing</source>
        <translation>ein Wert fehlt</translation>
    </message>
    <message>
        <source>unbalanced parenthesis</source>
        <translation>unausgeglichene Klammern</translation>
    </message>
    <message>
        <source>lists nested too deeply</source>
        <translation>zu tief verschachtelte Listen</translation>
    </message>
    <message>
        <source>unterminated quoted string</source>
        <translation>nicht abgeschlossene Zeichenkette in Anführungszeichen</translation>
    </message>
    <message>
        <source>bad literal syntax</source>
        <translation>fehlerhafte Literal-Syntax</translation>
    </message>
</context>
<context>
    <name>magpie::imap::ImapSession</name>
    <message>
        <source>Connecting to %1</source>
        <translation>Verbindung zu %1 wird hergestellt</translation>
    </message>
    <message>
        <source>The connection to %1 was stopped.</source>
        <translation>Die Verbindung zu %1 wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Magpie is not connected to %1.</source>
        <translation>Magpie ist nicht mit %1 verbunden.</translation>
    </message>
    <message>
        <source>%1 established (%2)</source>
        <translation>%1 ausgehandelt (%2)</translation>
    </message>
    <message>
        <source>discarded %1 bytes received before the TLS handshake</source>
        <translation>%1 vor dem TLS-Handshake empfangene Bytes verworfen</translation>
    </message>
    <message>
        <source>COMPRESS=DEFLATE in force</source>
        <translation>COMPRESS=DEFLATE aktiv</translation>
    </message>
    <message>
        <source>%1 closed the connection: “%2”.</source>
        <translation>%1 hat die Verbindung geschlossen: „%2“.</translation>
    </message>
    <message>
        <source>The connection to %1 was closed unexpectedly.</source>
        <translation>Die Verbindung zu %1 wurde unerwartet geschlossen.</translation>
    </message>
    <message>
        <source>The connection to %1 was closed.</source>
        <translation>Die Verbindung zu %1 wurde geschlossen.</translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS, so Magpie will not send your password unencrypted. Choose SSL/TLS or ask your provider.</source>
        <translation>%1 bietet kein STARTTLS an, daher sendet Magpie Ihr Passwort nicht unverschlüsselt. Wählen Sie SSL/TLS oder wenden Sie sich an Ihren Anbieter.</translation>
    </message>
    <message>
        <source>%1 did not greet like an IMAP server. Check the server name and port.</source>
        <translation>%1 hat sich nicht wie ein IMAP-Server gemeldet. Prüfen Sie Servername und Port.</translation>
    </message>
    <message>
        <source>%1 is not accepting connections: “%2”.</source>
        <translation>%1 nimmt keine Verbindungen an: „%2“.</translation>
    </message>
    <message>
        <source>%1 logged the connection in before it could be encrypted (PREAUTH), so STARTTLS is impossible and Magpie will not go on unencrypted. Choose SSL/TLS or ask your provider.</source>
        <translation>%1 hat die Verbindung angemeldet, bevor sie verschlüsselt werden konnte (PREAUTH). Daher ist STARTTLS nicht möglich, und Magpie fährt nicht unverschlüsselt fort. Wählen Sie SSL/TLS oder wenden Sie sich an Ihren Anbieter.</translation>
    </message>
    <message>
        <source>%1 sent a greeting Magpie could not read: %2</source>
        <translation>%1 hat eine Begrüßung gesendet, die Magpie nicht lesen konnte: %2</translation>
    </message>
    <message>
        <source>ignored a VANISHED response with an unreadable UID set</source>
        <translation>VANISHED-Antwort mit unlesbarer UID-Menge ignoriert</translation>
    </message>
    <message>
        <source>ignored a FETCH response Magpie could not read: %1</source>
        <translation>FETCH-Antwort ignoriert, die Magpie nicht lesen konnte: %1</translation>
    </message>
    <message>
        <source>ignored the completion of %1, which no running command was waiting for</source>
        <translation>Abschlussmeldung für %1 ignoriert, auf die kein laufender Befehl gewartet hat</translation>
    </message>
    <message>
        <source>ignored a continuation request nobody was waiting for</source>
        <translation>Fortsetzungsanforderung ignoriert, auf die niemand gewartet hat</translation>
    </message>
    <message>
        <source>could not read a response: %1</source>
        <translation>Antwort konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 sent a response Magpie could not read.</source>
        <translation>%1 hat eine Antwort gesendet, die Magpie nicht lesen konnte.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::ListJob</name>
    <message>
        <source>a LIST response does not have attributes, delimiter and name</source>
        <translation>Einer LIST-Antwort fehlen Attribute, Trennzeichen oder Name</translation>
    </message>
    <message>
        <source>Listing the folders on %1</source>
        <translation>Das Auflisten der Ordner auf %1</translation>
    </message>
    <message>
        <source>%1 sent a folder list Magpie could not read: %2.</source>
        <translation>%1 hat eine Ordnerliste gesendet, die Magpie nicht lesen konnte: %2.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::LoginJob</name>
    <message>
        <source>%1 does not accept a password on an unencrypted connection (LOGINDISABLED). Choose SSL/TLS or STARTTLS in the account settings.</source>
        <translation>%1 akzeptiert über eine unverschlüsselte Verbindung kein Passwort (LOGINDISABLED). Wählen Sie in den Kontoeinstellungen SSL/TLS oder STARTTLS.</translation>
    </message>
    <message>
        <source>%1 does not accept a password on this connection (LOGINDISABLED) and offers no sign-in method Magpie can use.</source>
        <translation>%1 akzeptiert über diese Verbindung kein Passwort (LOGINDISABLED) und bietet keine Anmeldemethode an, die Magpie verwenden kann.</translation>
    </message>
    <message>
        <source>%1 offers no sign-in method Magpie can use with what it was given for %2.</source>
        <translation>%1 bietet keine Anmeldemethode an, die Magpie mit den für %2 angegebenen Zugangsdaten verwenden kann.</translation>
    </message>
    <message>
        <source>It said: “%1”.</source>
        <translation>Antwort des Servers: „%1“.</translation>
    </message>
    <message>
        <source>%1 cannot check the password for %2 right now; try again later.</source>
        <translation>%1 kann das Passwort für %2 derzeit nicht prüfen; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The password for %1 has expired. Change it with your provider.</source>
        <translation>Das Passwort für %1 ist abgelaufen. Ändern Sie es bei Ihrem Anbieter.</translation>
    </message>
    <message>
        <source>%1 sent a sign-in challenge for %2 that Magpie could not answer.</source>
        <translation>%1 hat eine Anmelde-Challenge für %2 gesendet, die Magpie nicht beantworten konnte.</translation>
    </message>
    <message>
        <source>The server refused the sign-in token for %1 (%2). Sign in to the account again.</source>
        <translation>Der Server hat das Anmeldetoken für %1 abgelehnt (%2). Melden Sie sich erneut bei dem Konto an.</translation>
    </message>
    <message>
        <source>The server refused the sign-in token for %1.</source>
        <translation>Der Server hat das Anmeldetoken für %1 abgelehnt.</translation>
    </message>
    <message>
        <source>The server refused the password for %1.</source>
        <translation>Der Server hat das Passwort für %1 abgelehnt.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::MoveJob</name>
    <message>
        <source>1 message</source>
        <translation>1 Nachricht</translation>
    </message>
    <message numerus="yes">
        <source>%n messages</source>
        <translation>
            <numerusform>%n Nachricht</numerusform>
            <numerusform>%n Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>Moving %1 to %2</source>
        <translation>Das Verschieben von %1 nach %2</translation>
    </message>
    <message>
        <source>Moving messages needs a destination folder.</source>
        <translation>Zum Verschieben von Nachrichten wird ein Zielordner benötigt.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist on the server.</source>
        <translation>Der Ordner %1 existiert auf dem Server nicht.</translation>
    </message>
    <message>
        <source>Moving 1 message to %1: it was copied, but marking the original in %2 as deleted</source>
        <translation>Das Verschieben einer Nachricht nach %1: Sie wurde kopiert, aber das Markieren des Originals in %2 als gelöscht</translation>
    </message>
    <message>
        <source>Moving %1 to %2: they were copied, but marking the originals in %3 as deleted</source>
        <translation>Das Verschieben von %1 nach %2: Sie wurden kopiert, aber das Markieren der Originale in %3 als gelöscht</translation>
    </message>
    <message>
        <source>The message was copied to %1 and marked as deleted in %2. The server cannot remove only this one (it lacks UIDPLUS), so it stays in %2, marked as deleted, until the folder is expunged.</source>
        <translation>Die Nachricht wurde nach %1 kopiert und in %2 als gelöscht markiert. Der Server kann nicht nur diese eine entfernen (er unterstützt UIDPLUS nicht), daher bleibt sie als gelöscht markiert in %2, bis der Ordner komprimiert wird.</translation>
    </message>
    <message>
        <source>%1 were copied to %2 and marked as deleted in %3. The server cannot remove only these (it lacks UIDPLUS), so they stay in %3, marked as deleted, until the folder is expunged.</source>
        <translation>%1 wurden nach %2 kopiert und in %3 als gelöscht markiert. Der Server kann nicht nur diese entfernen (er unterstützt UIDPLUS nicht), daher bleiben sie als gelöscht markiert in %3, bis der Ordner komprimiert wird.</translation>
    </message>
    <message>
        <source>Moving 1 message to %1: it was copied and marked as deleted in %2, but removing it from there</source>
        <translation>Das Verschieben einer Nachricht nach %1: Sie wurde kopiert und in %2 als gelöscht markiert, aber das Entfernen von dort</translation>
    </message>
    <message>
        <source>Moving %1 to %2: they were copied and marked as deleted in %3, but removing them from there</source>
        <translation>Das Verschieben von %1 nach %2: Sie wurden kopiert und in %3 als gelöscht markiert, aber das Entfernen von dort</translation>
    </message>
</context>
<context>
    <name>magpie::imap::NamespaceJob</name>
    <message>
        <source>the NAMESPACE response has %1 parts instead of 3</source>
        <translation>Die NAMESPACE-Antwort hat %1 Teile statt 3</translation>
    </message>
    <message>
        <source>a namespace group is neither NIL nor a list</source>
        <translation>Eine Namensraumgruppe ist weder NIL noch eine Liste</translation>
    </message>
    <message>
        <source>a namespace lacks its prefix or delimiter</source>
        <translation>Einem Namensraum fehlt das Präfix oder das Trennzeichen</translation>
    </message>
    <message>
        <source>Asking %1 for its namespaces</source>
        <translation>Die Abfrage der Namensräume von %1</translation>
    </message>
    <message>
        <source>%1 sent a namespace list Magpie could not read: %2.</source>
        <translation>%1 hat eine Namensraumliste gesendet, die Magpie nicht lesen konnte: %2.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::NoopJob</name>
    <message>
        <source>Checking %1 for changes</source>
        <translation>Die Prüfung von %1 auf Änderungen</translation>
    </message>
</context>
<context>
    <name>magpie::imap::SearchCriteria</name>
    <message>
        <source>A search by date needs a valid date.</source>
        <translation>Eine Suche nach Datum erfordert ein gültiges Datum.</translation>
    </message>
    <message>
        <source>A search among chosen messages needs at least one message.</source>
        <translation>Eine Suche in ausgewählten Nachrichten erfordert mindestens eine Nachricht.</translation>
    </message>
    <message>
        <source>Search text cannot contain a NUL character.</source>
        <translation>Der Suchtext darf kein NUL-Zeichen enthalten.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::SearchJob</name>
    <message>
        <source>Searching messages</source>
        <translation>Die Nachrichtensuche</translation>
    </message>
    <message>
        <source>Searching %1</source>
        <translation>Die Suche in %1</translation>
    </message>
    <message>
        <source>%1 by modification sequence needs the server&apos;s CONDSTORE extension (RFC 7162), which it does not offer.</source>
        <translation>%1 nach Modifikationssequenz erfordert die Erweiterung CONDSTORE (RFC 7162), die der Server nicht anbietet.</translation>
    </message>
    <message>
        <source>a %1 response that does not list messages</source>
        <translation>eine %1-Antwort, die keine Nachrichten auflistet</translation>
    </message>
    <message>
        <source>%1 failed: the server sent a response Magpie cannot read (%2).</source>
        <translation>%1 ist fehlgeschlagen: Der Server hat eine Antwort gesendet, die Magpie nicht lesen kann (%2).</translation>
    </message>
</context>
<context>
    <name>magpie::imap::SelectJob</name>
    <message>
        <source>Opening %1 read-only</source>
        <translation>Das schreibgeschützte Öffnen von %1</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>Das Öffnen von %1</translation>
    </message>
</context>
<context>
    <name>magpie::imap::StartTlsJob</name>
    <message>
        <source>%1 refused STARTTLS (“%2”), so Magpie will not send your password unencrypted. Choose SSL/TLS or ask your provider.</source>
        <translation>%1 hat STARTTLS abgelehnt („%2“), daher sendet Magpie Ihr Passwort nicht unverschlüsselt. Wählen Sie SSL/TLS oder wenden Sie sich an Ihren Anbieter.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::StatusJob</name>
    <message>
        <source>Counting the messages in %1</source>
        <translation>Das Zählen der Nachrichten in %1</translation>
    </message>
    <message>
        <source>%1 answered STATUS for %2 without the counts.</source>
        <translation>%1 hat STATUS für %2 ohne die Nachrichtenzahlen beantwortet.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::StoreJob</name>
    <message>
        <source>Changing the flags of 1 message in %1</source>
        <translation>Das Ändern der Markierungen einer Nachricht in %1</translation>
    </message>
    <message numerus="yes">
        <source>Changing the flags of %n messages in %1</source>
        <translation>
            <numerusform>Das Ändern der Markierungen von %n Nachricht in %1</numerusform>
            <numerusform>Das Ändern der Markierungen von %n Nachrichten in %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 only where nothing changed needs the server to keep modification sequences (CONDSTORE, RFC 7162), and it does not.</source>
        <translation>%1 nur dort, wo sich nichts geändert hat, setzt voraus, dass der Server Modifikationssequenzen führt (CONDSTORE, RFC 7162), was er nicht tut.</translation>
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
    <name>magpie::models::AttachmentModel</name>
    <message>
        <source>Forwarded message</source>
        <translation>Weitergeleitete Nachricht</translation>
    </message>
    <message>
        <source>Attachment %1</source>
        <translation>Anhang %1</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>magpie::models::FolderModel</name>
    <message>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n unread</source>
        <translation>
            <numerusform>%1: %n ungelesen</numerusform>
            <numerusform>%1: %n ungelesen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in all</source>
        <translation>
            <numerusform>%n insgesamt</numerusform>
            <numerusform>%n insgesamt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>magpie::models::MessageListModel</name>
    <message>
        <source>(no subject)</source>
        <translation>(kein Betreff)</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Anhänge</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
</context>
<context>
    <name>magpie::net::CertificateProblem</name>
    <message>
        <source>The certificate for %1 has been revoked by its issuer.</source>
        <translation>Das Zertifikat für %1 wurde von seinem Aussteller widerrufen.</translation>
    </message>
    <message>
        <source>The certificate is for %1, not %2.</source>
        <translation>Das Zertifikat gilt für %1, nicht für %2.</translation>
    </message>
    <message>
        <source>The certificate for %1 expired on %2.</source>
        <translation>Das Zertifikat für %1 ist am %2 abgelaufen.</translation>
    </message>
    <message>
        <source>The certificate of %1, which vouches for %2, expired on %3.</source>
        <translation>Das Zertifikat von %1, das für %2 bürgt, ist am %3 abgelaufen.</translation>
    </message>
    <message>
        <source>The certificate for %1 is not valid until %2.</source>
        <translation>Das Zertifikat für %1 ist erst ab %2 gültig.</translation>
    </message>
    <message>
        <source>The certificate of %1, which vouches for %2, is not valid until %3.</source>
        <translation>Das Zertifikat von %1, das für %2 bürgt, ist erst ab %3 gültig.</translation>
    </message>
    <message>
        <source>The certificate for %1 is self-signed, so nobody vouches for it.</source>
        <translation>Das Zertifikat für %1 ist selbstsigniert, daher bürgt niemand dafür.</translation>
    </message>
    <message>
        <source>The certificate for %1 was issued by %2, which this computer does not trust.</source>
        <translation>Das Zertifikat für %1 wurde von %2 ausgestellt, dem dieser Computer nicht vertraut.</translation>
    </message>
    <message>
        <source>The certificate for %1 cannot be trusted: %2.</source>
        <translation>Dem Zertifikat für %1 kann nicht vertraut werden: %2.</translation>
    </message>
    <message>
        <source>The certificate for %1 cannot be trusted.</source>
        <translation>Dem Zertifikat für %1 kann nicht vertraut werden.</translation>
    </message>
    <message>
        <source>If you trust this certificate, pin its fingerprint (SHA-256 %1).</source>
        <translation>Wenn Sie diesem Zertifikat vertrauen, hinterlegen Sie seinen Fingerabdruck (SHA-256 %1).</translation>
    </message>
</context>
<context>
    <name>magpie::net::Connection</name>
    <message>
        <source>%1 milliseconds</source>
        <translation>%1 Millisekunden</translation>
    </message>
    <message>
        <source>1 second</source>
        <translation>1 Sekunde</translation>
    </message>
    <message>
        <source>%1 seconds</source>
        <translation>%1 Sekunden</translation>
    </message>
    <message>
        <source>The compressed data from %1 is corrupt; the connection was closed.</source>
        <translation>Die komprimierten Daten von %1 sind beschädigt; die Verbindung wurde geschlossen.</translation>
    </message>
    <message>
        <source>Check the port and the security setting (TLS or STARTTLS) in the account settings.</source>
        <translation>Prüfen Sie in den Kontoeinstellungen den Port und die Verbindungssicherheit (TLS oder STARTTLS).</translation>
    </message>
    <message>
        <source>Magpie could not find the server %1. Check the server name in the account settings.</source>
        <translation>Magpie konnte den Server %1 nicht finden. Prüfen Sie den Servernamen in den Kontoeinstellungen.</translation>
    </message>
    <message>
        <source>The server %1 refused the connection on port %2. Check the port in the account settings, or whether the server is running.</source>
        <translation>Der Server %1 hat die Verbindung auf Port %2 abgelehnt. Prüfen Sie den Port in den Kontoeinstellungen oder ob der Server läuft.</translation>
    </message>
    <message>
        <source>The connection to %1 timed out.</source>
        <translation>Zeitüberschreitung bei der Verbindung zu %1.</translation>
    </message>
    <message>
        <source>The secure connection to %1 could not be set up (%2). </source>
        <translation>Die sichere Verbindung zu %1 konnte nicht hergestellt werden (%2). </translation>
    </message>
    <message>
        <source>The server %1 closed the connection during the TLS handshake. </source>
        <translation>Der Server %1 hat die Verbindung während des TLS-Handshakes geschlossen. </translation>
    </message>
    <message>
        <source>The connection to %1 was closed unexpectedly.</source>
        <translation>Die Verbindung zu %1 wurde unerwartet geschlossen.</translation>
    </message>
    <message>
        <source>Magpie could not connect to %1: %2.</source>
        <translation>Magpie konnte keine Verbindung zu %1 herstellen: %2.</translation>
    </message>
    <message>
        <source>The connection to %1 was lost: %2.</source>
        <translation>Die Verbindung zu %1 wurde unterbrochen: %2.</translation>
    </message>
    <message>
        <source>The secure connection to %1 was not set up within %2.</source>
        <translation>Die sichere Verbindung zu %1 wurde nicht innerhalb von %2 hergestellt.</translation>
    </message>
    <message>
        <source>Magpie could not connect to %1 within %2. Check the server name and port, or your network connection.</source>
        <translation>Magpie konnte innerhalb von %2 keine Verbindung zu %1 herstellen. Prüfen Sie Servername und Port oder Ihre Netzwerkverbindung.</translation>
    </message>
    <message>
        <source>The server %1 did not answer within %2.</source>
        <translation>Der Server %1 hat nicht innerhalb von %2 geantwortet.</translation>
    </message>
</context>
<context>
    <name>magpie::net::SaslClient</name>
    <message>
        <source>There is no password or access token to log in as %1.</source>
        <translation>Es gibt weder ein Passwort noch ein Zugriffstoken für die Anmeldung als %1.</translation>
    </message>
    <message>
        <source>The server does not offer any way to log in (no SASL mechanism).</source>
        <translation>Der Server bietet keine Möglichkeit zur Anmeldung an (kein SASL-Mechanismus).</translation>
    </message>
    <message>
        <source>The server offers %1, but Magpie can log in only with OAUTHBEARER, XOAUTH2, PLAIN or LOGIN.</source>
        <translation>Der Server bietet %1 an, aber Magpie kann sich nur mit OAUTHBEARER, XOAUTH2, PLAIN oder LOGIN anmelden.</translation>
    </message>
    <message>
        <source>The server offers %1, but an access token needs OAUTHBEARER or XOAUTH2. Use a password for this account instead.</source>
        <translation>Der Server bietet %1 an, aber ein Zugriffstoken erfordert OAUTHBEARER oder XOAUTH2. Verwenden Sie für dieses Konto stattdessen ein Passwort.</translation>
    </message>
    <message>
        <source>The server offers %1, but a password needs PLAIN or LOGIN. Use an access token (OAuth) for this account instead.</source>
        <translation>Der Server bietet %1 an, aber ein Passwort erfordert PLAIN oder LOGIN. Verwenden Sie für dieses Konto stattdessen ein Zugriffstoken (OAuth).</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3DeleteJob</name>
    <message>
        <source>Deleting message %1</source>
        <translation>Das Löschen der Nachricht %1</translation>
    </message>
    <message>
        <source>Deleting messages %1</source>
        <translation>Das Löschen der Nachrichten %1</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3Job</name>
    <message>
        <source>%1 failed; the server gave no reason.</source>
        <translation>%1 ist fehlgeschlagen; der Server hat keinen Grund genannt.</translation>
    </message>
    <message>
        <source>%1 failed: the server said “%2”.</source>
        <translation>%1 ist fehlgeschlagen: Der Server meldete „%2“.</translation>
    </message>
    <message>
        <source>Try again later.</source>
        <translation>Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>There is no message number 0: POP3 numbers messages from 1.</source>
        <translation>Es gibt keine Nachrichtennummer 0: POP3 nummeriert Nachrichten ab 1.</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3ListJob</name>
    <message>
        <source>Listing message %1</source>
        <translation>Das Auflisten der Nachricht %1</translation>
    </message>
    <message>
        <source>Listing the messages</source>
        <translation>Das Auflisten der Nachrichten</translation>
    </message>
    <message>
        <source>The server %1 sent a message listing with an overlong line.</source>
        <translation>Der Server %1 hat eine Nachrichtenliste mit einer überlangen Zeile gesendet.</translation>
    </message>
    <message>
        <source>The server %1 sent a message listing Magpie cannot read (“%2”).</source>
        <translation>Der Server %1 hat eine Nachrichtenliste gesendet, die Magpie nicht lesen kann („%2“).</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3LoginJob</name>
    <message>
        <source>Enter a user name to log in to %1.</source>
        <translation>Geben Sie einen Benutzernamen ein, um sich bei %1 anzumelden.</translation>
    </message>
    <message>
        <source>The user name or password for %1 contains a line break or a NUL character, which cannot be sent to a POP3 server. Check the account settings.</source>
        <translation>Der Benutzername oder das Passwort für %1 enthält einen Zeilenumbruch oder ein NUL-Zeichen, das nicht an einen POP3-Server gesendet werden kann. Prüfen Sie die Kontoeinstellungen.</translation>
    </message>
    <message>
        <source>The server %1 offers no way to log in with an access token (it lists no OAUTHBEARER or XOAUTH2).</source>
        <translation>Der Server %1 bietet keine Anmeldung mit Zugriffstoken an (er nennt weder OAUTHBEARER noch XOAUTH2).</translation>
    </message>
    <message>
        <source>The server %1 offers no SASL authentication (AUTH).</source>
        <translation>Der Server %1 bietet keine SASL-Authentifizierung (AUTH) an.</translation>
    </message>
    <message>
        <source>The server %1 does not offer logging in with USER and PASS either. It may allow it only over an encrypted connection: choose TLS or STARTTLS in the account settings.</source>
        <translation>Der Server %1 bietet auch keine Anmeldung mit USER und PASS an. Möglicherweise erlaubt er sie nur über eine verschlüsselte Verbindung: Wählen Sie in den Kontoeinstellungen TLS oder STARTTLS.</translation>
    </message>
    <message>
        <source>The server %1 does not offer APOP: its greeting has no timestamp. Log in with the password instead (USER/PASS or SASL).</source>
        <translation>Der Server %1 bietet kein APOP an: Seine Begrüßung enthält keinen Zeitstempel. Melden Sie sich stattdessen mit dem Passwort an (USER/PASS oder SASL).</translation>
    </message>
    <message>
        <source>The user name “%1” contains a space, which APOP cannot send. Log in with the password instead (USER/PASS or SASL).</source>
        <translation>Der Benutzername „%1“ enthält ein Leerzeichen, das APOP nicht senden kann. Melden Sie sich stattdessen mit dem Passwort an (USER/PASS oder SASL).</translation>
    </message>
    <message>
        <source>The server said: “%1”</source>
        <translation>Der Server meldete: „%1“</translation>
    </message>
    <message>
        <source>Another program is using this mailbox on %1 (POP3 lets only one in at a time). Close the other mail program or wait a few minutes, then try again.</source>
        <translation>Ein anderes Programm verwendet dieses Postfach auf %1 (POP3 erlaubt nur einen Zugriff gleichzeitig). Schließen Sie das andere E-Mail-Programm oder warten Sie einige Minuten und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The server %1 allows logging in to this mailbox only every few minutes; try again later.</source>
        <translation>Der Server %1 erlaubt die Anmeldung bei diesem Postfach nur alle paar Minuten; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The server %1 has a temporary problem and could not log in %2; try again later.</source>
        <translation>Der Server %1 hat ein vorübergehendes Problem und konnte %2 nicht anmelden; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The server %1 does not let %2 log in.</source>
        <translation>Der Server %1 lässt die Anmeldung von %2 nicht zu.</translation>
    </message>
    <message>
        <source>The server refused the access token for %1.</source>
        <translation>Der Server hat das Zugriffstoken für %1 abgelehnt.</translation>
    </message>
    <message>
        <source>The server refused the password for %1.</source>
        <translation>Der Server hat das Passwort für %1 abgelehnt.</translation>
    </message>
    <message>
        <source>Its explanation: %1</source>
        <translation>Begründung: %1</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3NoopJob</name>
    <message>
        <source>Checking the connection</source>
        <translation>Die Prüfung der Verbindung</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3ResetJob</name>
    <message>
        <source>Undoing the deletions</source>
        <translation>Das Rückgängigmachen der Löschungen</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3RetrieveJob</name>
    <message>
        <source>Downloading message %1</source>
        <translation>Das Herunterladen der Nachricht %1</translation>
    </message>
    <message>
        <source>Magpie cannot save message %1: the file is not open for writing.</source>
        <translation>Magpie kann die Nachricht %1 nicht speichern: Die Datei ist nicht zum Schreiben geöffnet.</translation>
    </message>
    <message>
        <source>%1 stopped: Magpie could not save it (%2).</source>
        <translation>%1 wurde abgebrochen: Magpie konnte die Daten nicht speichern (%2).</translation>
    </message>
    <message>
        <source>%1 was cut off after %2 bytes; nothing of it was kept.</source>
        <translation>%1 wurde nach %2 Bytes unterbrochen; nichts davon wurde behalten.</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3Session</name>
    <message>
        <source>Connecting to %1</source>
        <translation>Verbindung zu %1 wird hergestellt</translation>
    </message>
    <message>
        <source>The connection to %1 was closed before the command finished.</source>
        <translation>Die Verbindung zu %1 wurde geschlossen, bevor der Befehl abgeschlossen war.</translation>
    </message>
    <message>
        <source>%1 established (%2)</source>
        <translation>%1 ausgehandelt (%2)</translation>
    </message>
    <message>
        <source>The server %1 sent a reply that is not POP3: “%2”.</source>
        <translation>Der Server %1 hat eine Antwort gesendet, die kein POP3 ist: „%2“.</translation>
    </message>
    <message>
        <source>Ignored a reply to no command</source>
        <translation>Antwort ohne zugehörigen Befehl ignoriert</translation>
    </message>
    <message>
        <source>The server %1 asked for more (“%2”) where a POP3 answer was due.</source>
        <translation>Der Server %1 hat weitere Daten angefordert („%2“), wo eine POP3-Antwort fällig war.</translation>
    </message>
    <message>
        <source>The server %1 is not taking connections now (it said “%2”). Try again later.</source>
        <translation>Der Server %1 nimmt derzeit keine Verbindungen an (er meldete „%2“). Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The server %1 did not greet like a POP3 server (it said “%2”). Check the port in the account settings.</source>
        <translation>Der Server %1 hat sich nicht wie ein POP3-Server gemeldet (seine Antwort: „%2“). Prüfen Sie den Port in den Kontoeinstellungen.</translation>
    </message>
    <message>
        <source>The server %1 refused to start TLS (it said “%2”), so the connection cannot be encrypted. Magpie does not continue without encryption; choose TLS (port 995) in the account settings, or ask the provider.</source>
        <translation>Der Server %1 hat den Start von TLS abgelehnt (er meldete „%2“), daher kann die Verbindung nicht verschlüsselt werden. Magpie fährt nicht ohne Verschlüsselung fort; wählen Sie in den Kontoeinstellungen TLS (Port 995) oder wenden Sie sich an den Anbieter.</translation>
    </message>
    <message>
        <source>Discarded 1 byte received before the TLS handshake</source>
        <translation>1 vor dem TLS-Handshake empfangenes Byte verworfen</translation>
    </message>
    <message>
        <source>Discarded %1 bytes received before the TLS handshake</source>
        <translation>%1 vor dem TLS-Handshake empfangene Bytes verworfen</translation>
    </message>
    <message>
        <source>The server %1 did not confirm the end of the session (it said “%2”); messages marked for deletion may still be on the server.</source>
        <translation>Der Server %1 hat das Ende der Sitzung nicht bestätigt (er meldete „%2“); zum Löschen markierte Nachrichten befinden sich möglicherweise noch auf dem Server.</translation>
    </message>
    <message>
        <source>The server %1 does not offer STLS, so the connection cannot be encrypted. Magpie does not continue without encryption; choose TLS (port 995) in the account settings, or ask the provider.</source>
        <translation>Der Server %1 bietet kein STLS an, daher kann die Verbindung nicht verschlüsselt werden. Magpie fährt nicht ohne Verschlüsselung fort; wählen Sie in den Kontoeinstellungen TLS (Port 995) oder wenden Sie sich an den Anbieter.</translation>
    </message>
    <message>
        <source>Magpie did not send a command to %1: an argument contains a line break or a NUL character.</source>
        <translation>Magpie hat einen Befehl nicht an %1 gesendet: Ein Argument enthält einen Zeilenumbruch oder ein NUL-Zeichen.</translation>
    </message>
    <message>
        <source>There is no connection to %1 any more.</source>
        <translation>Es besteht keine Verbindung mehr zu %1.</translation>
    </message>
    <message>
        <source>The connection to %1 has ended; connect again.</source>
        <translation>Die Verbindung zu %1 wurde beendet; stellen Sie sie erneut her.</translation>
    </message>
    <message>
        <source>The server %1 closed the connection.</source>
        <translation>Der Server %1 hat die Verbindung geschlossen.</translation>
    </message>
    <message>
        <source>The server %1 closed the connection without confirming the end of the session; messages marked for deletion may still be on the server.</source>
        <translation>Der Server %1 hat die Verbindung geschlossen, ohne das Ende der Sitzung zu bestätigen; zum Löschen markierte Nachrichten befinden sich möglicherweise noch auf dem Server.</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3StatJob</name>
    <message>
        <source>Counting the messages</source>
        <translation>Das Zählen der Nachrichten</translation>
    </message>
    <message>
        <source>The server %1 answered STAT with “%2”, which is not a message count and size.</source>
        <translation>Der Server %1 hat STAT mit „%2“ beantwortet, was keine Nachrichtenanzahl mit Größe ist.</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3TopJob</name>
    <message>
        <source>Downloading the start of message %1</source>
        <translation>Das Herunterladen des Anfangs der Nachricht %1</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3UidlJob</name>
    <message>
        <source>Asking for the unique-id of message %1</source>
        <translation>Die Abfrage der eindeutigen ID der Nachricht %1</translation>
    </message>
    <message>
        <source>Asking for the messages&apos; unique-ids</source>
        <translation>Die Abfrage der eindeutigen IDs der Nachrichten</translation>
    </message>
    <message>
        <source>The server %1 sent a unique-id listing with an overlong line.</source>
        <translation>Der Server %1 hat eine Liste eindeutiger IDs mit einer überlangen Zeile gesendet.</translation>
    </message>
    <message>
        <source>The server %1 sent a unique-id listing Magpie cannot read (“%2”).</source>
        <translation>Der Server %1 hat eine Liste eindeutiger IDs gesendet, die Magpie nicht lesen kann („%2“).</translation>
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
    <message>
        <source>Keeping mail in %1 needs Maildir folders, which this Windows build of Magpie cannot write yet. Keep the mail in memory instead (magpie-server --memory).</source>
        <translation>Um E-Mails in %1 aufzubewahren, sind Maildir-Ordner nötig, die dieser Windows-Build von Magpie noch nicht schreiben kann. Bewahren Sie die E-Mails stattdessen im Arbeitsspeicher auf (magpie-server --memory).</translation>
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
    <name>magpie::smtp::SmtpEnvelope</name>
    <message>
        <source>contains a line break</source>
        <translation>enthält einen Zeilenumbruch</translation>
    </message>
    <message>
        <source>contains a NUL character</source>
        <translation>enthält ein NUL-Zeichen</translation>
    </message>
    <message>
        <source>contains a control character</source>
        <translation>enthält ein Steuerzeichen</translation>
    </message>
    <message>
        <source>is empty</source>
        <translation>ist leer</translation>
    </message>
    <message>
        <source>contains an invalid character</source>
        <translation>enthält ein ungültiges Zeichen</translation>
    </message>
    <message>
        <source>has angle brackets; give the bare address, like bob@example.com</source>
        <translation>steht in spitzen Klammern; geben Sie die bloße Adresse an, etwa bob@example.com</translation>
    </message>
    <message>
        <source>has no &quot;@&quot; and domain</source>
        <translation>enthält kein „@“ mit Domain</translation>
    </message>
    <message>
        <source>has nothing before the &quot;@&quot;</source>
        <translation>enthält nichts vor dem „@“</translation>
    </message>
    <message>
        <source>has a quoted local part that is not closed properly</source>
        <translation>hat einen lokalen Teil in Anführungszeichen, der nicht korrekt geschlossen ist</translation>
    </message>
    <message>
        <source>has an empty quoted local part</source>
        <translation>hat einen leeren lokalen Teil in Anführungszeichen</translation>
    </message>
    <message>
        <source>has more than one &quot;@&quot;</source>
        <translation>enthält mehr als ein „@“</translation>
    </message>
    <message>
        <source>has a part before the &quot;@&quot; longer than %1 bytes</source>
        <translation>hat vor dem „@“ einen Teil, der länger als %1 Bytes ist</translation>
    </message>
    <message>
        <source>has an invalid address literal after the &quot;@&quot;</source>
        <translation>hat nach dem „@“ ein ungültiges Adressliteral</translation>
    </message>
    <message>
        <source>has an invalid domain after the &quot;@&quot;</source>
        <translation>hat nach dem „@“ eine ungültige Domain</translation>
    </message>
    <message>
        <source>has a domain longer than %1 bytes</source>
        <translation>hat eine Domain, die länger als %1 Bytes ist</translation>
    </message>
    <message>
        <source>does not exist</source>
        <translation>existiert nicht</translation>
    </message>
    <message>
        <source>The sender address &quot;%1&quot; %2; nothing was sent.</source>
        <translation>Die Absenderadresse „%1“ %2; es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>The message has no recipients; add at least one address. Nothing was sent.</source>
        <translation>Die Nachricht hat keine Empfänger; fügen Sie mindestens eine Adresse hinzu. Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>The recipient address &quot;%1&quot; %2; nothing was sent.</source>
        <translation>Die Empfängeradresse „%1“ %2; es wurde nichts gesendet.</translation>
    </message>
</context>
<context>
    <name>magpie::smtp::SmtpJob</name>
    <message>
        <source>The server refused %1: %2</source>
        <translation>Der Server hat %1 abgelehnt: %2</translation>
    </message>
</context>
<context>
    <name>magpie::smtp::SmtpLoginJob</name>
    <message>
        <source>%1 does not offer a way to log in (no AUTH in its EHLO reply).</source>
        <translation>%1 bietet keine Möglichkeit zur Anmeldung an (kein AUTH in seiner EHLO-Antwort).</translation>
    </message>
    <message>
        <source>Many servers offer it only over an encrypted connection: choose STARTTLS or TLS for this account.</source>
        <translation>Viele Server bieten sie nur über eine verschlüsselte Verbindung an: Wählen Sie für dieses Konto STARTTLS oder TLS.</translation>
    </message>
    <message>
        <source>%1 offers no login method Magpie can use (it offers %2).</source>
        <translation>%1 bietet keine Anmeldemethode an, die Magpie verwenden kann (angeboten: %2).</translation>
    </message>
    <message>
        <source>%1 asked more than the %2 login method answers; the login was cancelled.</source>
        <translation>%1 hat mehr abgefragt, als die Anmeldemethode %2 beantwortet; die Anmeldung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>%1 sent a login challenge that is not valid base64; the login was cancelled.</source>
        <translation>%1 hat eine Anmelde-Challenge gesendet, die kein gültiges base64 ist; die Anmeldung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The server refused the access token for %1.</source>
        <translation>Der Server hat das Zugriffstoken für %1 abgelehnt.</translation>
    </message>
    <message>
        <source>The server refused the password for %1.</source>
        <translation>Der Server hat das Passwort für %1 abgelehnt.</translation>
    </message>
    <message>
        <source>The token was not accepted: %1.</source>
        <translation>Das Token wurde nicht akzeptiert: %1.</translation>
    </message>
    <message>
        <source>%1 requires an encrypted connection before logging in; choose STARTTLS or TLS for this account.</source>
        <translation>%1 verlangt vor der Anmeldung eine verschlüsselte Verbindung; wählen Sie für dieses Konto STARTTLS oder TLS.</translation>
    </message>
    <message>
        <source>%1 could not log in %2 just now; try again later.</source>
        <translation>%1 konnte %2 gerade nicht anmelden; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>%1 refused to log in %2.</source>
        <translation>%1 hat die Anmeldung von %2 abgelehnt.</translation>
    </message>
    <message>
        <source>It said: %1</source>
        <translation>Antwort des Servers: %1</translation>
    </message>
</context>
<context>
    <name>magpie::smtp::SmtpReplyParser</name>
    <message>
        <source>The server sent a reply line longer than %1 bytes.</source>
        <translation>Der Server hat eine Antwortzeile mit mehr als %1 Bytes gesendet.</translation>
    </message>
    <message>
        <source>The server sent a reply line with a stray CR or NUL byte.</source>
        <translation>Der Server hat eine Antwortzeile mit einem unzulässigen CR- oder NUL-Byte gesendet.</translation>
    </message>
    <message>
        <source>The server sent a reply that does not start with a three-digit code.</source>
        <translation>Der Server hat eine Antwort gesendet, die nicht mit einem dreistelligen Code beginnt.</translation>
    </message>
    <message>
        <source>The server sent a reply with &quot;%1&quot; after its code instead of a space or a hyphen.</source>
        <translation>Der Server hat eine Antwort gesendet, die nach dem Code „%1“ statt eines Leerzeichens oder Bindestrichs enthält.</translation>
    </message>
    <message>
        <source>The server changed the reply code from %1 to %2 within one reply.</source>
        <translation>Der Server hat innerhalb einer Antwort den Antwortcode von %1 zu %2 gewechselt.</translation>
    </message>
    <message>
        <source>The server sent a reply of more than %1 lines.</source>
        <translation>Der Server hat eine Antwort mit mehr als %1 Zeilen gesendet.</translation>
    </message>
    <message>
        <source>The line was: &quot;%1&quot;.</source>
        <translation>Die Zeile lautete: „%1“.</translation>
    </message>
</context>
<context>
    <name>magpie::smtp::SmtpSendJob</name>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>1 byte</source>
        <translation>1 Byte</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source>The message contains a NUL byte, which SMTP cannot carry; nothing was sent.</source>
        <translation>Die Nachricht enthält ein NUL-Byte, das SMTP nicht übertragen kann; es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>The message is %1; %2 accepts at most %3.</source>
        <translation>Die Nachricht ist %1 groß; %2 akzeptiert höchstens %3.</translation>
    </message>
    <message>
        <source>The address %1 has characters beyond ASCII before the &quot;@&quot;, which needs SMTPUTF8, and %2 does not offer it; nothing was sent.</source>
        <translation>Die Adresse %1 enthält vor dem „@“ Nicht-ASCII-Zeichen, was SMTPUTF8 erfordert, und %2 bietet das nicht an; es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>The message has 8-bit content, but %1 accepts only 7-bit mail (no 8BITMIME); it must be encoded as quoted-printable or base64 first. Nothing was sent.</source>
        <translation>Die Nachricht hat 8-Bit-Inhalt, aber %1 akzeptiert nur 7-Bit-Nachrichten (kein 8BITMIME); sie muss zuerst als quoted-printable oder base64 kodiert werden. Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>RSET</source>
        <translation>RSET</translation>
    </message>
    <message>
        <source>the empty sender</source>
        <translation>den leeren Absender</translation>
    </message>
    <message>
        <source>the sender %1</source>
        <translation>den Absender %1</translation>
    </message>
    <message>
        <source>the message</source>
        <translation>die Nachricht</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The server refused %1.</source>
        <translation>Der Server hat den Empfänger abgelehnt: %1.</translation>
    </message>
    <message>
        <source>The server refused every recipient: %1.</source>
        <translation>Der Server hat alle Empfänger abgelehnt: %1.</translation>
    </message>
    <message>
        <source>The connection to %1 was lost after the message was sent and before the server confirmed it; it may or may not have been delivered.</source>
        <translation>Die Verbindung zu %1 wurde unterbrochen, nachdem die Nachricht gesendet, aber bevor sie vom Server bestätigt wurde; möglicherweise wurde sie zugestellt, möglicherweise auch nicht.</translation>
    </message>
    <message>
        <source>The connection to %1 was lost while the message was being sent; it was not delivered.</source>
        <translation>Die Verbindung zu %1 wurde während des Sendens der Nachricht unterbrochen; sie wurde nicht zugestellt.</translation>
    </message>
    <message>
        <source>%1 did not confirm the message in time after it was sent; it may or may not have been delivered.</source>
        <translation>%1 hat die Nachricht nach dem Senden nicht rechtzeitig bestätigt; möglicherweise wurde sie zugestellt, möglicherweise auch nicht.</translation>
    </message>
</context>
<context>
    <name>magpie::smtp::SmtpSession</name>
    <message>
        <source>Connecting to %1</source>
        <translation>Verbindung zu %1 wird hergestellt</translation>
    </message>
    <message>
        <source>The name &quot;%1&quot; cannot be sent in EHLO; use a domain name or an address literal like [192.0.2.1].</source>
        <translation>Der Name „%1“ kann nicht in EHLO gesendet werden; verwenden Sie einen Domainnamen oder ein Adressliteral wie [192.0.2.1].</translation>
    </message>
    <message>
        <source>The connection to %1 was stopped.</source>
        <translation>Die Verbindung zu %1 wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The connection to %1 is closed.</source>
        <translation>Die Verbindung zu %1 ist geschlossen.</translation>
    </message>
    <message>
        <source>A command for %1 contained a line break; nothing was sent.</source>
        <translation>Ein Befehl für %1 enthielt einen Zeilenumbruch; es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>%1 established (%2)</source>
        <translation>%1 ausgehandelt (%2)</translation>
    </message>
    <message>
        <source>%1 sent something that is not an SMTP reply. %2</source>
        <translation>%1 hat etwas gesendet, das keine SMTP-Antwort ist. %2</translation>
    </message>
    <message>
        <source>%1 is closing the connection: %2</source>
        <translation>%1 schließt die Verbindung: %2</translation>
    </message>
    <message>
        <source>%1 sent a reply to no command: %2</source>
        <translation>%1 hat eine Antwort ohne zugehörigen Befehl gesendet: %2</translation>
    </message>
    <message>
        <source>%1 refused the connection: %2</source>
        <translation>%1 hat die Verbindung abgelehnt: %2</translation>
    </message>
    <message>
        <source>%1 did not greet as an SMTP server does: %2</source>
        <translation>%1 hat sich nicht wie ein SMTP-Server gemeldet: %2</translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS, so the connection cannot be encrypted. Nothing was sent in plaintext; choose TLS (port 465) if the server has it.</source>
        <translation>%1 bietet kein STARTTLS an, daher kann die Verbindung nicht verschlüsselt werden. Es wurde nichts unverschlüsselt gesendet; wählen Sie TLS (Port 465), falls der Server es anbietet.</translation>
    </message>
    <message>
        <source>%1 does not understand EHLO, so it cannot offer STARTTLS and the connection cannot be encrypted. Nothing was sent in plaintext.</source>
        <translation>%1 versteht EHLO nicht und kann daher kein STARTTLS anbieten; die Verbindung kann nicht verschlüsselt werden. Es wurde nichts unverschlüsselt gesendet.</translation>
    </message>
    <message>
        <source>%1 refused EHLO: %2</source>
        <translation>%1 hat EHLO abgelehnt: %2</translation>
    </message>
    <message>
        <source>%1 refused HELO: %2</source>
        <translation>%1 hat HELO abgelehnt: %2</translation>
    </message>
    <message numerus="yes">
        <source>Discarded %n byte(s) received before the TLS handshake (RFC 3207 s4.2).</source>
        <translation>
            <numerusform>%n vor dem TLS-Handshake empfangenes Byte verworfen (RFC 3207 s4.2).</numerusform>
            <numerusform>%n vor dem TLS-Handshake empfangene Bytes verworfen (RFC 3207 s4.2).</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 refused STARTTLS: %2 Nothing was sent in plaintext.</source>
        <translation>%1 hat STARTTLS abgelehnt: %2 Es wurde nichts unverschlüsselt gesendet.</translation>
    </message>
    <message>
        <source>%1 closed the connection unexpectedly.</source>
        <translation>%1 hat die Verbindung unerwartet geschlossen.</translation>
    </message>
    <message>
        <source>%1 closed the connection before it was ready.</source>
        <translation>%1 hat die Verbindung geschlossen, bevor sie bereit war.</translation>
    </message>
    <message>
        <source>The connection to %1 was closed.</source>
        <translation>Die Verbindung zu %1 wurde geschlossen.</translation>
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
    <message>
        <source>Magpie could not finish %1: the disk holding %2 is full. Nothing was lost; free some space and Magpie will carry on.</source>
        <translation>Magpie konnte %1 nicht abschließen: Die Festplatte, auf der %2 liegt, ist voll. Es ist nichts verloren gegangen; geben Sie etwas Speicherplatz frei, dann macht Magpie weiter.</translation>
    </message>
    <message>
        <source>Magpie could not finish %1: its mail cache %2 is damaged (%3). The file was left as it is; close Magpie and move it aside to have it rebuilt from the server.</source>
        <translation>Magpie konnte %1 nicht abschließen: Sein E-Mail-Zwischenspeicher %2 ist beschädigt (%3). Die Datei wurde unverändert gelassen; schließen Sie Magpie und verschieben Sie die Datei an einen anderen Ort, damit der Zwischenspeicher vom Server neu aufgebaut wird.</translation>
    </message>
    <message>
        <source>Magpie could not finish %1: it may not write to its mail cache %2. Check the file&apos;s permissions.</source>
        <translation>Magpie konnte %1 nicht abschließen: Es darf nicht in seinen E-Mail-Zwischenspeicher %2 schreiben. Prüfen Sie die Berechtigungen der Datei.</translation>
    </message>
    <message>
        <source>Magpie could not finish %1: reading or writing %2 failed (%3). Check the disk.</source>
        <translation>Magpie konnte %1 nicht abschließen: Das Lesen oder Schreiben von %2 ist fehlgeschlagen (%3). Prüfen Sie die Festplatte.</translation>
    </message>
    <message>
        <source>Magpie could not finish %1 in its mail cache %2: %3</source>
        <translation>Magpie konnte %1 in seinem E-Mail-Zwischenspeicher %2 nicht abschließen: %3</translation>
    </message>
    <message>
        <source>opening the mail cache</source>
        <translation>das Öffnen des E-Mail-Zwischenspeichers</translation>
    </message>
    <message>
        <source>Magpie cannot read the schema version of its mail cache %1; the file may be damaged. It was left as it is.</source>
        <translation>Magpie kann die Schemaversion seines E-Mail-Zwischenspeichers %1 nicht lesen; die Datei ist möglicherweise beschädigt. Sie wurde unverändert gelassen.</translation>
    </message>
    <message>
        <source>upgrading it</source>
        <translation>das Aktualisieren des Zwischenspeichers</translation>
    </message>
    <message>
        <source>checking the mail cache</source>
        <translation>das Prüfen des E-Mail-Zwischenspeichers</translation>
    </message>
    <message>
        <source>Magpie&apos;s mail cache %1 is damaged (%2). Close Magpie and move the file aside to have it rebuilt from the server; mail waiting in the outbox is in it too, so keep the old file until that mail is sent.</source>
        <translation>Der E-Mail-Zwischenspeicher %1 von Magpie ist beschädigt (%2). Schließen Sie Magpie und verschieben Sie die Datei an einen anderen Ort, damit der Zwischenspeicher vom Server neu aufgebaut wird; da auch die Nachrichten im Postausgang darin liegen, bewahren Sie die alte Datei auf, bis diese Nachrichten gesendet sind.</translation>
    </message>
</context>
<context>
    <name>magpie::store::MailCache</name>
    <message>
        <source>saving a message body</source>
        <translation>das Speichern eines Nachrichtentexts</translation>
    </message>
    <message>
        <source>The message is no longer in the mail cache, so its body was not kept.</source>
        <translation>Die Nachricht ist nicht mehr im E-Mail-Zwischenspeicher vorhanden, daher wurde ihr Text nicht aufbewahrt.</translation>
    </message>
    <message>
        <source>removing a message body</source>
        <translation>das Entfernen eines Nachrichtentexts</translation>
    </message>
    <message>
        <source>removing the cached message bodies</source>
        <translation>das Entfernen der zwischengespeicherten Nachrichtentexte</translation>
    </message>
    <message>
        <source>saving the folder list</source>
        <translation>das Speichern der Ordnerliste</translation>
    </message>
    <message>
        <source>adding the folder %1</source>
        <translation>das Hinzufügen des Ordners %1</translation>
    </message>
    <message>
        <source>saving a folder&apos;s sync state</source>
        <translation>das Speichern des Synchronisationsstands eines Ordners</translation>
    </message>
    <message>
        <source>The folder is no longer in the mail cache.</source>
        <translation>Der Ordner ist nicht mehr im E-Mail-Zwischenspeicher vorhanden.</translation>
    </message>
    <message>
        <source>emptying a folder whose UIDVALIDITY changed</source>
        <translation>das Leeren eines Ordners mit geänderter UIDVALIDITY</translation>
    </message>
    <message>
        <source>removing the folder %1</source>
        <translation>das Entfernen des Ordners %1</translation>
    </message>
    <message>
        <source>starting a change</source>
        <translation>das Beginnen einer Änderung</translation>
    </message>
    <message>
        <source>saving a change</source>
        <translation>das Speichern einer Änderung</translation>
    </message>
    <message>
        <source>listing messages</source>
        <translation>das Auflisten von Nachrichten</translation>
    </message>
    <message>
        <source>reading messages</source>
        <translation>das Lesen von Nachrichten</translation>
    </message>
    <message>
        <source>reading the messages&apos; threads</source>
        <translation>das Lesen der Konversationen, zu denen die Nachrichten gehören</translation>
    </message>
    <message numerus="yes">
        <source>saving %n message summaries</source>
        <translation>
            <numerusform>das Speichern der Übersichtsdaten von %n Nachricht</numerusform>
            <numerusform>das Speichern der Übersichtsdaten von %n Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>saving flag changes from the server</source>
        <translation>das Speichern von Markierungsänderungen vom Server</translation>
    </message>
    <message>
        <source>changing message flags</source>
        <translation>das Ändern von Nachrichtenmarkierungen</translation>
    </message>
    <message>
        <source>marking messages for the next sync</source>
        <translation>das Vormerken von Nachrichten für die nächste Synchronisation</translation>
    </message>
    <message>
        <source>saving a message&apos;s UID</source>
        <translation>das Speichern der UID einer Nachricht</translation>
    </message>
    <message>
        <source>The message is no longer in the mail cache.</source>
        <translation>Die Nachricht ist nicht mehr im E-Mail-Zwischenspeicher vorhanden.</translation>
    </message>
    <message>
        <source>saving a message preview</source>
        <translation>das Speichern einer Nachrichtenvorschau</translation>
    </message>
    <message>
        <source>moving messages</source>
        <translation>das Verschieben von Nachrichten</translation>
    </message>
    <message>
        <source>removing messages</source>
        <translation>das Entfernen von Nachrichten</translation>
    </message>
    <message>
        <source>searching for “%1”</source>
        <translation>die Suche nach „%1“</translation>
    </message>
    <message>
        <source>updating the search index</source>
        <translation>das Aktualisieren des Suchindex</translation>
    </message>
    <message>
        <source>reading the search index</source>
        <translation>das Lesen des Suchindex</translation>
    </message>
</context>
<context>
    <name>magpie::store::OutboxQueue</name>
    <message>
        <source>The message was not put in the outbox: an address in its envelope contains a line break or a NUL byte, so it could never be sent.</source>
        <translation>Die Nachricht wurde nicht in den Postausgang gelegt: Eine Adresse in ihrem Umschlag enthält einen Zeilenumbruch oder ein NUL-Byte, daher könnte sie niemals gesendet werden.</translation>
    </message>
    <message>
        <source>putting a message in the outbox</source>
        <translation>das Ablegen einer Nachricht im Postausgang</translation>
    </message>
    <message>
        <source>Magpie could not finish %1: that message is no longer in the outbox, or no longer in a state that allows it.</source>
        <translation>Magpie konnte %1 nicht abschließen: Diese Nachricht ist nicht mehr im Postausgang oder nicht mehr in einem Zustand, der dies erlaubt.</translation>
    </message>
    <message>
        <source>starting to send an outbox message</source>
        <translation>das Starten des Versands einer Nachricht aus dem Postausgang</translation>
    </message>
    <message>
        <source>marking an outbox message sent</source>
        <translation>das Markieren einer Nachricht im Postausgang als gesendet</translation>
    </message>
    <message>
        <source>marking an outbox message unconfirmed</source>
        <translation>das Markieren einer Nachricht im Postausgang als unbestätigt</translation>
    </message>
    <message>
        <source>marking an outbox message failed</source>
        <translation>das Markieren einer Nachricht im Postausgang als fehlgeschlagen</translation>
    </message>
    <message>
        <source>scheduling another attempt for an outbox message</source>
        <translation>das Planen eines weiteren Versuchs für eine Nachricht im Postausgang</translation>
    </message>
    <message>
        <source>sending an outbox message again</source>
        <translation>das erneute Senden einer Nachricht im Postausgang</translation>
    </message>
    <message>
        <source>Magpie could not discard the message: it is no longer in the outbox.</source>
        <translation>Magpie konnte die Nachricht nicht verwerfen: Sie ist nicht mehr im Postausgang.</translation>
    </message>
    <message>
        <source>Magpie could not discard the message: it is being sent right now. Try again when sending is over.</source>
        <translation>Magpie konnte die Nachricht nicht verwerfen: Sie wird gerade gesendet. Versuchen Sie es erneut, wenn der Versand abgeschlossen ist.</translation>
    </message>
    <message>
        <source>discarding an outbox message</source>
        <translation>das Verwerfen einer Nachricht im Postausgang</translation>
    </message>
    <message>
        <source>removing a sent message from the outbox</source>
        <translation>das Entfernen einer gesendeten Nachricht aus dem Postausgang</translation>
    </message>
</context>
<context>
    <name>magpie::store::PendingOperations</name>
    <message>
        <source>recording an offline change</source>
        <translation>das Aufzeichnen einer Offline-Änderung</translation>
    </message>
    <message>
        <source>updating an offline change</source>
        <translation>das Aktualisieren einer Offline-Änderung</translation>
    </message>
    <message>
        <source>noting the replay of an offline change</source>
        <translation>das Vermerken der Übertragung einer Offline-Änderung</translation>
    </message>
    <message>
        <source>removing a replayed offline change</source>
        <translation>das Entfernen einer übertragenen Offline-Änderung</translation>
    </message>
</context>
<context>
    <name>magpie::store::Pop3Ledger</name>
    <message>
        <source>remembering the downloaded POP3 message %1</source>
        <translation>das Vermerken der heruntergeladenen POP3-Nachricht %1</translation>
    </message>
    <message>
        <source>Magpie could not save the downloaded POP3 message %1 in its mail cache %2.</source>
        <translation>Magpie konnte die heruntergeladene POP3-Nachricht %1 nicht in seinem E-Mail-Zwischenspeicher %2 speichern.</translation>
    </message>
    <message numerus="yes">
        <source>noting %n message(s) deleted from the POP3 server</source>
        <translation>
            <numerusform>das Vermerken von %n vom POP3-Server gelöschten Nachricht</numerusform>
            <numerusform>das Vermerken von %n vom POP3-Server gelöschten Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>forgetting POP3 messages the server no longer has</source>
        <translation>das Vergessen nicht mehr auf dem Server vorhandener POP3-Nachrichten</translation>
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
<context>
    <name>magpie::sync::AccountRuntime</name>
    <message>
        <source>No password is known for %1. Enter it to connect.</source>
        <translation>Für %1 ist kein Passwort bekannt. Geben Sie es ein, um eine Verbindung herzustellen.</translation>
    </message>
    <message>
        <source>The connection to %1 could not be opened.</source>
        <translation>Die Verbindung zu %1 konnte nicht hergestellt werden.</translation>
    </message>
    <message>
        <source>The server %1 says: %2</source>
        <translation>Der Server %1 meldet: %2</translation>
    </message>
    <message>
        <source>The server %1 ended the connection.</source>
        <translation>Der Server %1 hat die Verbindung beendet.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::AccountSettings</name>
    <message>
        <source>The settings file %1 cannot be written. Check that its folder exists and that you may write to it.</source>
        <translation>Die Einstellungsdatei %1 kann nicht geschrieben werden. Prüfen Sie, ob ihr Ordner existiert und ob Sie darin schreiben dürfen.</translation>
    </message>
    <message>
        <source>The settings file %1 is damaged and was not changed. Repair or remove it.</source>
        <translation>Die Einstellungsdatei %1 ist beschädigt und wurde nicht geändert. Reparieren oder entfernen Sie sie.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::BodyFetchTask</name>
    <message>
        <source>Messages cannot be downloaded: there is no connection to the server.</source>
        <translation>Nachrichten können nicht heruntergeladen werden: Es besteht keine Verbindung zum Server.</translation>
    </message>
    <message>
        <source>%1 changed on the server; its messages are downloaded after the next sync.</source>
        <translation>%1 wurde auf dem Server geändert; die Nachrichten darin werden nach der nächsten Synchronisation heruntergeladen.</translation>
    </message>
    <message>
        <source>Downloading messages in %1</source>
        <translation>Nachrichten in %1 werden heruntergeladen</translation>
    </message>
</context>
<context>
    <name>magpie::sync::ImapAccountSyncTask</name>
    <message>
        <source>%1 failed.</source>
        <translation>%1 ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Magpie is not connected to %1.</source>
        <translation>Magpie ist nicht mit %1 verbunden.</translation>
    </message>
    <message>
        <source>Sending changes made offline</source>
        <translation>Das Senden der offline vorgenommenen Änderungen</translation>
    </message>
    <message>
        <source>There is no folder “%1” on %2 that can hold messages.</source>
        <translation>Auf %2 gibt es keinen Ordner „%1“, der Nachrichten enthalten kann.</translation>
    </message>
    <message>
        <source>Bringing %1 up to date</source>
        <translation>Das Aktualisieren von %1</translation>
    </message>
    <message>
        <source>Downloading recent messages in %1 for offline use</source>
        <translation>Die neuesten Nachrichten in %1 werden für die Offline-Nutzung heruntergeladen</translation>
    </message>
    <message>
        <source>Downloading recent messages in %1</source>
        <translation>Das Herunterladen der neuesten Nachrichten in %1</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>Auf dem neuesten Stand</translation>
    </message>
    <message>
        <source>Bringing INBOX up to date</source>
        <translation>Das Aktualisieren von INBOX</translation>
    </message>
</context>
<context>
    <name>magpie::sync::ImapConnectTask</name>
    <message>
        <source>Connecting to %1</source>
        <translation>Verbindung zu %1 wird hergestellt</translation>
    </message>
    <message>
        <source>The connection to %1 closed.</source>
        <translation>Die Verbindung zu %1 wurde geschlossen.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::ImapFolderListTask</name>
    <message>
        <source>Magpie is not connected to the mail server, so the folder list cannot be read.</source>
        <translation>Magpie ist nicht mit dem Mailserver verbunden, daher kann die Ordnerliste nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Reading the folder list</source>
        <translation>Ordnerliste wird gelesen</translation>
    </message>
</context>
<context>
    <name>magpie::sync::ImapFolderSyncTask</name>
    <message>
        <source>Magpie is not connected to the mail server, so %1 cannot be brought up to date.</source>
        <translation>Magpie ist nicht mit dem Mailserver verbunden, daher kann %1 nicht aktualisiert werden.</translation>
    </message>
    <message>
        <source>The folder to bring up to date is no longer in the cache.</source>
        <translation>Der zu aktualisierende Ordner ist nicht mehr im Zwischenspeicher vorhanden.</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
    <message>
        <source>The server did not say which UIDs are valid in %1 (UIDVALIDITY, RFC 3501 s2.3.1.1), so Magpie cannot keep it offline.</source>
        <translation>Der Server hat nicht mitgeteilt, welche UIDs in %1 gültig sind (UIDVALIDITY, RFC 3501 s2.3.1.1), daher kann Magpie den Ordner nicht offline vorhalten.</translation>
    </message>
    <message>
        <source>Looking for new messages in %1</source>
        <translation>Suche nach neuen Nachrichten in %1</translation>
    </message>
    <message>
        <source>Fetching new messages in %1</source>
        <translation>Neue Nachrichten in %1 werden abgerufen</translation>
    </message>
    <message>
        <source>Checking for changed flags in %1</source>
        <translation>Suche nach geänderten Markierungen in %1</translation>
    </message>
    <message>
        <source>Checking for deleted messages in %1</source>
        <translation>Suche nach gelöschten Nachrichten in %1</translation>
    </message>
    <message>
        <source>Checking %1 for changes</source>
        <translation>Die Prüfung von %1 auf Änderungen</translation>
    </message>
</context>
<context>
    <name>magpie::sync::ImapIdleWatcher</name>
    <message>
        <source>The connection for watching %1 could not be opened.</source>
        <translation>Die Verbindung zur Überwachung von %1 konnte nicht hergestellt werden.</translation>
    </message>
    <message>
        <source>The server ended the connection that watched %1.</source>
        <translation>Der Server hat die Verbindung beendet, über die %1 überwacht wurde.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::LocalOperations</name>
    <message>
        <source>The folder to move the messages to is no longer there.</source>
        <translation>Der Ordner, in den die Nachrichten verschoben werden sollten, ist nicht mehr vorhanden.</translation>
    </message>
    <message>
        <source>Messages cannot be moved to %1: it only holds other folders.</source>
        <translation>Nachrichten können nicht nach %1 verschoben werden: Dieser Ordner enthält nur andere Ordner.</translation>
    </message>
    <message>
        <source>The draft could not be saved: the account has no Drafts folder. Choose one in Settings &gt; Accounts.</source>
        <translation>Der Entwurf konnte nicht gespeichert werden: Das Konto hat keinen Entwürfe-Ordner. Wählen Sie einen unter Einstellungen &gt; Konten.</translation>
    </message>
    <message>
        <source>The draft could not be saved in the cache.</source>
        <translation>Der Entwurf konnte nicht im Zwischenspeicher gespeichert werden.</translation>
    </message>
    <message>
        <source>The folder to copy the messages to is no longer there.</source>
        <translation>Der Ordner, in den die Nachrichten kopiert werden sollen, existiert nicht mehr.</translation>
    </message>
    <message>
        <source>Messages cannot be copied to %1: it only holds other folders.</source>
        <translation>Nachrichten können nicht nach %1 kopiert werden: Er enthält nur andere Ordner.</translation>
    </message>
    <message>
        <source>Magpie could not add the messages to %1.</source>
        <translation>Magpie konnte die Nachrichten nicht zu %1 hinzufügen.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::MessageIdSearchJob</name>
    <message>
        <source>Looking for the sent message in %1</source>
        <translation>Die Suche nach der gesendeten Nachricht in %1</translation>
    </message>
    <message>
        <source>The message has no Message-ID, so Magpie cannot tell whether a copy is already there.</source>
        <translation>Die Nachricht hat keine Message-ID, daher kann Magpie nicht erkennen, ob dort bereits eine Kopie vorhanden ist.</translation>
    </message>
    <message>
        <source>%1 failed: the server&apos;s answer did not list messages.</source>
        <translation>%1 ist fehlgeschlagen: Die Antwort des Servers enthielt keine Nachrichtenliste.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::OperationReplayTask</name>
    <message>
        <source>the folder %1 is no longer on the server</source>
        <translation>der Zielordner %1 ist nicht mehr auf dem Server vorhanden</translation>
    </message>
    <message>
        <source>they were moved to</source>
        <translation>der Verschiebung</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) moved offline could not be moved on the server (%1); they are shown where they were.</source>
        <translation>
            <numerusform>%n offline verschobene Nachricht konnte nicht auf dem Server verschoben werden (%1); sie wird wieder an ihrem ursprünglichen Ort angezeigt.</numerusform>
            <numerusform>%n offline verschobene Nachrichten konnten nicht auf dem Server verschoben werden (%1); sie werden wieder an ihrem ursprünglichen Ort angezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 could not be opened</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>A draft could not be uploaded: its folder is no longer there.</source>
        <translation>Ein Entwurf konnte nicht hochgeladen werden: Sein Ordner ist nicht mehr vorhanden.</translation>
    </message>
    <message>
        <source>A draft could not be uploaded: its text is no longer in the cache.</source>
        <translation>Ein Entwurf konnte nicht hochgeladen werden: Sein Text ist nicht mehr im Zwischenspeicher vorhanden.</translation>
    </message>
    <message>
        <source>The draft “%1” could not be saved on the server (%2); it is kept on this computer.</source>
        <translation>Der Entwurf „%1“ konnte nicht auf dem Server gespeichert werden (%2); er wird auf diesem Computer aufbewahrt.</translation>
    </message>
    <message>
        <source>The offline changes wait: there is no connection to the server.</source>
        <translation>Die Offline-Änderungen warten: Es besteht keine Verbindung zum Server.</translation>
    </message>
    <message>
        <source>Sending changes made offline to the server</source>
        <translation>Offline vorgenommene Änderungen werden an den Server gesendet</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) changed offline had been deleted on the server meanwhile; the change to them was dropped.</source>
        <translation>
            <numerusform>%n offline geänderte Nachricht war inzwischen auf dem Server gelöscht worden; die Änderung wurde verworfen.</numerusform>
            <numerusform>%n offline geänderte Nachrichten waren inzwischen auf dem Server gelöscht worden; die Änderung wurde verworfen.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 could not be opened on the server, so flags changed there offline were left as the server has them.</source>
        <translation>%1 konnte auf dem Server nicht geöffnet werden, daher wurden die dort offline geänderten Markierungen so belassen, wie sie auf dem Server sind.</translation>
    </message>
    <message numerus="yes">
        <source>The server refused to change the flags of %n message(s) in %1 (%2); they stay as the server has them.</source>
        <translation>
            <numerusform>Der Server hat es abgelehnt, die Markierungen von %n Nachricht in %1 zu ändern (%2); sie bleiben so, wie sie auf dem Server sind.</numerusform>
            <numerusform>Der Server hat es abgelehnt, die Markierungen von %n Nachrichten in %1 zu ändern (%2); sie bleiben so, wie sie auf dem Server sind.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) in %1 had been deleted on the server; the flag change made offline was dropped for them.</source>
        <translation>
            <numerusform>%n Nachricht in %1 war auf dem Server gelöscht worden; die offline vorgenommene Änderung der Markierungen wurde für sie verworfen.</numerusform>
            <numerusform>%n Nachrichten in %1 waren auf dem Server gelöscht worden; die offline vorgenommene Änderung der Markierungen wurde für sie verworfen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) in %1 were changed by another client meanwhile; their flags were left as the server has them instead of being %2.</source>
        <translation>
            <numerusform>%n Nachricht in %1 wurde inzwischen von einem anderen Client geändert; ihre Markierungen wurden so belassen, wie sie auf dem Server sind, statt %2 zu werden.</numerusform>
            <numerusform>%n Nachrichten in %1 wurden inzwischen von einem anderen Client geändert; ihre Markierungen wurden so belassen, wie sie auf dem Server sind, statt %2 zu werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>set</source>
        <translation>gesetzt</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation>entfernt</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) deleted offline in %1 could not be deleted on the server (%2); they are shown again.</source>
        <translation>
            <numerusform>%n offline in %1 gelöschte Nachricht konnte auf dem Server nicht gelöscht werden (%2); sie wird wieder angezeigt.</numerusform>
            <numerusform>%n offline in %1 gelöschte Nachrichten konnten auf dem Server nicht gelöscht werden (%2); sie werden wieder angezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>the folder could not be opened</source>
        <translation>der Ordner konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 cannot remove only these messages (it lacks UIDPLUS); they stay there, marked as deleted, until the folder is expunged.</source>
        <translation>%1 kann nicht nur diese Nachrichten entfernen (er unterstützt UIDPLUS nicht); sie bleiben dort als gelöscht markiert, bis der Ordner komprimiert wird.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) copied offline could not be copied on the server (%1); the copies were taken back.</source>
        <translation>
            <numerusform>%n offline kopierte Nachricht konnte auf dem Server nicht kopiert werden (%1); die Kopie wurde zurückgenommen.</numerusform>
            <numerusform>%n offline kopierte Nachrichten konnten auf dem Server nicht kopiert werden (%1); die Kopien wurden zurückgenommen.</numerusform>
        </translation>
    </message>
    <message>
        <source>A message moved or copied offline to %1 had been deleted on the server by another client, and Magpie had no copy of it to upload.</source>
        <translation>Eine offline nach %1 verschobene oder kopierte Nachricht war auf dem Server von einem anderen Client gelöscht worden, und Magpie hatte keine Kopie davon zum Hochladen.</translation>
    </message>
    <message>
        <source>A message moved or copied offline had been deleted on the server by another client, and uploading Magpie&apos;s copy to %1 failed (%2); the copy is kept in %1 on this computer only.</source>
        <translation>Eine offline verschobene oder kopierte Nachricht war auf dem Server von einem anderen Client gelöscht worden, und das Hochladen von Magpies Kopie nach %1 ist fehlgeschlagen (%2); die Kopie wird nur auf diesem Computer in %1 aufbewahrt.</translation>
    </message>
    <message>
        <source>A message moved or copied offline had been deleted on the server by another client; Magpie uploaded its copy to %1.</source>
        <translation>Eine offline verschobene oder kopierte Nachricht war auf dem Server von einem anderen Client gelöscht worden; Magpie hat seine Kopie nach %1 hochgeladen.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::OutboxSendTask</name>
    <message numerus="yes">
        <source>%n message(s) wait in the outbox, but the account %1 has no outgoing (SMTP) server; add one in its settings.</source>
        <translation>
            <numerusform>%n Nachricht wartet im Postausgang, aber das Konto %1 hat keinen Postausgangs-Server (SMTP); fügen Sie in den Einstellungen des Kontos einen hinzu.</numerusform>
            <numerusform>%n Nachrichten warten im Postausgang, aber das Konto %1 hat keinen Postausgangs-Server (SMTP); fügen Sie in den Einstellungen des Kontos einen hinzu.</numerusform>
        </translation>
    </message>
    <message>
        <source>Connecting to %1</source>
        <translation>Verbindung zu %1 wird hergestellt</translation>
    </message>
    <message>
        <source>The connection to %1 was closed.</source>
        <translation>Die Verbindung zu %1 wurde geschlossen.</translation>
    </message>
    <message>
        <source>Sending “%1”</source>
        <translation>„%1“ wird gesendet</translation>
    </message>
    <message>
        <source>The message was sent to the server; its answer has not come yet.</source>
        <translation>Die Nachricht wurde an den Server gesendet; seine Antwort steht noch aus.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Sent to %1, but not to %2: the server refused them, so they did not get the message.</source>
        <translation>An %1 gesendet, aber nicht an %2: Der Server hat diese Empfänger abgelehnt, daher haben sie die Nachricht nicht erhalten.</translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation>„%1“: %2</translation>
    </message>
    <message>
        <source>%1 Magpie will not send it again on its own, so nobody gets it twice: check with a recipient or in the Sent folder, then send it again or discard it.</source>
        <translation>%1 Magpie sendet sie nicht von sich aus erneut, damit niemand sie doppelt erhält: Fragen Sie bei einem Empfänger nach oder sehen Sie im Ordner „Gesendet“ nach, und senden Sie die Nachricht dann erneut oder verwerfen Sie sie.</translation>
    </message>
    <message numerus="yes">
        <source>%1 Magpie will try again in %n minute(s).</source>
        <translation>
            <numerusform>%1 Magpie versucht es in %n Minute erneut.</numerusform>
            <numerusform>%1 Magpie versucht es in %n Minuten erneut.</numerusform>
        </translation>
    </message>
    <message>
        <source>Filing sent messages in %1</source>
        <translation>Gesendete Nachrichten werden in %1 abgelegt</translation>
    </message>
    <message numerus="yes">
        <source>%n sent message(s) could not be filed in %1: %2 They stay in the outbox until they are.</source>
        <translation>
            <numerusform>%n gesendete Nachricht konnte nicht in %1 abgelegt werden: %2 Sie bleibt im Postausgang, bis dies gelingt.</numerusform>
            <numerusform>%n gesendete Nachrichten konnten nicht in %1 abgelegt werden: %2 Sie bleiben im Postausgang, bis dies gelingt.</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” was sent, but could not be filed in %2: %3 Magpie will try again.</source>
        <translation>„%1“ wurde gesendet, konnte aber nicht in %2 abgelegt werden: %3 Magpie versucht es erneut.</translation>
    </message>
    <message>
        <source>Magpie could not make the local Sent folder.</source>
        <translation>Magpie konnte den lokalen Ordner „Gesendet“ nicht anlegen.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::Pop3DownloadTask</name>
    <message>
        <source>The account %1 is not set up to download mail with POP3. Check its incoming server in Settings &gt; Accounts.</source>
        <translation>Das Konto %1 ist nicht für das Abrufen von Nachrichten per POP3 eingerichtet. Prüfen Sie seinen Posteingangs-Server unter Einstellungen &gt; Konten.</translation>
    </message>
    <message>
        <source>Connecting to %1</source>
        <translation>Verbindung zu %1 wird hergestellt</translation>
    </message>
    <message>
        <source>Looking for new mail on %1</source>
        <translation>Suche nach neuen Nachrichten auf %1</translation>
    </message>
    <message>
        <source>Magpie could not make the local Inbox of %1 in its mail cache %2.</source>
        <translation>Magpie konnte den lokalen Posteingang von %1 nicht in seinem E-Mail-Zwischenspeicher %2 anlegen.</translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n downloaded message(s) from %1</source>
        <translation>
            <numerusform>%n heruntergeladene Nachricht wird von %1 gelöscht</numerusform>
            <numerusform>%n heruntergeladene Nachrichten werden von %1 gelöscht</numerusform>
        </translation>
    </message>
    <message>
        <source>The POP3 server %1 closed the connection.</source>
        <translation>Der POP3-Server %1 hat die Verbindung geschlossen.</translation>
    </message>
    <message numerus="yes">
        <source>%1 The %n message(s) marked for deletion on %2 may still be there; Magpie will delete them next time.</source>
        <translation>
            <numerusform>%1 %n zum Löschen markierte Nachricht ist auf %2 möglicherweise noch vorhanden; Magpie löscht sie beim nächsten Mal.</numerusform>
            <numerusform>%1 %n zum Löschen markierte Nachrichten sind auf %2 möglicherweise noch vorhanden; Magpie löscht sie beim nächsten Mal.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s) downloaded from %1</source>
        <translation>
            <numerusform>%n neue Nachricht von %1 heruntergeladen</numerusform>
            <numerusform>%n neue Nachrichten von %1 heruntergeladen</numerusform>
        </translation>
    </message>
    <message>
        <source>The POP3 server %1 does not support UIDL, so Magpie cannot tell which messages it has already downloaded and would download them again every time. Nothing was downloaded. Use IMAP for this account if the provider offers it.</source>
        <translation>Der POP3-Server %1 unterstützt UIDL nicht, daher kann Magpie nicht erkennen, welche Nachrichten bereits heruntergeladen wurden, und würde sie jedes Mal erneut herunterladen. Es wurde nichts heruntergeladen. Verwenden Sie für dieses Konto IMAP, falls der Anbieter es anbietet.</translation>
    </message>
    <message>
        <source>Saving message %1 of %2 from %3</source>
        <translation>Nachricht %1 von %2 aus %3 wird gespeichert</translation>
    </message>
    <message>
        <source>Downloading message %1 of %2 from %3</source>
        <translation>Nachricht %1 von %2 wird von %3 heruntergeladen</translation>
    </message>
</context>
</TS>
