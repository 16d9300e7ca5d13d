<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>MainWindow</name>
    <message>
        <source>Magpie</source>
        <translation>Magpie</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>No message selected</source>
        <translation>Aucun message sélectionné</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>&amp;Message</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Barre d’outils principale</translation>
    </message>
    <message>
        <source>Get Mail</source>
        <translation>Relever le courrier</translation>
    </message>
    <message>
        <source>Check every account for new mail</source>
        <translation>Relever le courrier de tous les comptes</translation>
    </message>
    <message>
        <source>&amp;Write</source>
        <translation>&amp;Écrire</translation>
    </message>
    <message>
        <source>Write a new message</source>
        <translation>Écrire un nouveau message</translation>
    </message>
    <message>
        <source>&amp;Reply</source>
        <translation>&amp;Répondre</translation>
    </message>
    <message>
        <source>Reply to the sender</source>
        <translation>Répondre à l’expéditeur</translation>
    </message>
    <message>
        <source>Reply &amp;All</source>
        <translation>Répondre à t&amp;ous</translation>
    </message>
    <message>
        <source>Reply to the sender and all recipients</source>
        <translation>Répondre à l’expéditeur et à tous les destinataires</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>&amp;Transférer</translation>
    </message>
    <message>
        <source>Forward the message</source>
        <translation>Transférer le message</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>Move the selected messages to the Trash</source>
        <translation>Déplacer les messages sélectionnés dans la corbeille</translation>
    </message>
    <message>
        <source>Arc&amp;hive</source>
        <translation>Arc&amp;hiver</translation>
    </message>
    <message>
        <source>Move the selected messages to the Archive folder</source>
        <translation>Déplacer les messages sélectionnés dans le dossier Archives</translation>
    </message>
    <message>
        <source>&amp;Move To</source>
        <translation>Dé&amp;placer vers</translation>
    </message>
    <message>
        <source>Move the selected messages to another folder</source>
        <translation>Déplacer les messages sélectionnés dans un autre dossier</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Rechercher</translation>
    </message>
    <message>
        <source>Search all folders</source>
        <translation>Rechercher dans tous les dossiers</translation>
    </message>
    <message>
        <source>S&amp;ettings</source>
        <translation>&amp;Paramètres</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;About Magpie</source>
        <translation>À &amp;propos de Magpie</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
</context>
<context>
    <name>magpie-cli</name>
    <message>
        <source>What to do.</source>
        <translation>Ce qu’il faut faire.</translation>
    </message>
    <message>
        <source>Print a message&apos;s headers, MIME structure, text and attachments as JSON.</source>
        <translation>Afficher les en-têtes, la structure MIME, le texte et les pièces jointes d’un message en JSON.</translation>
    </message>
    <message>
        <source>The message (.eml), or - for standard input.</source>
        <translation>Le message (.eml), ou - pour l’entrée standard.</translation>
    </message>
    <message>
        <source>Magpie&apos;s mail engines on the command line.

Commands:
  inspect FILE   print a message&apos;s structure and text as JSON</source>
        <translation>Les moteurs de messagerie de Magpie en ligne de commande.

Commandes :
  inspect FILE   afficher la structure et le texte d’un message en JSON</translation>
    </message>
</context>
<context>
    <name>magpie::app::CommandLine</name>
    <message>
        <source>Magpie, a desktop mail client.</source>
        <translation>Magpie, un client de messagerie de bureau.</translation>
    </message>
    <message>
        <source>Save a picture of the main window to &lt;file&gt; and quit.</source>
        <translation>Enregistrer une image de la fenêtre principale dans &lt;file&gt; et quitter.</translation>
    </message>
</context>
<context>
    <name>magpie::app::MainWindow</name>
    <message>
        <source>No account is set up yet.</source>
        <translation>Aucun compte n’est encore configuré.</translation>
    </message>
    <message>
        <source>About Magpie</source>
        <translation>À propos de Magpie</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Magpie %1&lt;/h3&gt;&lt;p&gt;A desktop mail client with its own IMAP, POP3 and SMTP engines.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;&lt;p&gt;Magpie is free software under the GNU General Public License, version 3 or later. Its icons were drawn for Magpie and share that licence.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Magpie %1&lt;/h3&gt;&lt;p&gt;Un client de messagerie de bureau avec ses propres moteurs IMAP, POP3 et SMTP.&lt;/p&gt;&lt;p&gt;Compilé avec Qt %2, fonctionne avec Qt %3.&lt;/p&gt;&lt;p&gt;Magpie est un logiciel libre sous licence publique générale GNU, version 3 ou ultérieure. Ses icônes ont été dessinées pour Magpie et sont sous la même licence.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>magpie::cli::InspectCommand</name>
    <message>
        <source>magpie-cli: cannot read %1: %2</source>
        <translation>magpie-cli: impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>magpie-cli: cannot write the result: %1</source>
        <translation>magpie-cli: impossible d’écrire le résultat : %1</translation>
    </message>
</context>
<context>
    <name>magpie::mime</name>
    <message>
        <source>Parameter %1 has part %2 more than once; the first is used.</source>
        <translation>Le paramètre %1 contient la partie %2 plusieurs fois ; la première est utilisée.</translation>
    </message>
    <message>
        <source>Parameter %1 is missing part %2.</source>
        <translation>Il manque la partie %2 au paramètre %1.</translation>
    </message>
    <message>
        <source>Parameter %1 does not give its character set.</source>
        <translation>Le paramètre %1 n’indique pas son jeu de caractères.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::AddressList</name>
    <message>
        <source>Ignored &quot;%1&quot;: it holds no email address.</source>
        <translation>« %1 » a été ignoré : il ne contient aucune adresse électronique.</translation>
    </message>
    <message>
        <source>Ignored &quot;%1&quot;: it is not a complete email address.</source>
        <translation>« %1 » a été ignoré : ce n’est pas une adresse électronique complète.</translation>
    </message>
    <message>
        <source>Ignored &quot;%1&quot; after an email address.</source>
        <translation>« %1 » après une adresse électronique a été ignoré.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an email address: it needs a name, an @ and a domain, like alice@example.com.</source>
        <translation>« %1 » n’est pas une adresse électronique : une adresse nécessite un nom, un @ et un domaine, par exemple alice@example.com.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an email address: the part before the @ has characters that are not allowed there.</source>
        <translation>« %1 » n’est pas une adresse électronique : la partie avant le @ contient des caractères qui n’y sont pas autorisés.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has non-ASCII characters before the @, which the mail server does not accept (it lacks SMTPUTF8).</source>
        <translation>« %1 » contient avant le @ des caractères non ASCII, que le serveur de messagerie n’accepte pas (il ne prend pas en charge SMTPUTF8).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has an invalid domain literal.</source>
        <translation>« %1 » contient un littéral de domaine non valide.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an email address: the domain after the @ is not valid.</source>
        <translation>« %1 » n’est pas une adresse électronique : le domaine après le @ n’est pas valide.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::Forward</name>
    <message>
        <source>-------- Forwarded Message --------</source>
        <translation>-------- Message transféré --------</translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation>Sujet : %1</translation>
    </message>
    <message>
        <source>Date: %1</source>
        <translation>Date : %1</translation>
    </message>
    <message>
        <source>From: %1</source>
        <translation>De : %1</translation>
    </message>
    <message>
        <source>To: %1</source>
        <translation>Pour : %1</translation>
    </message>
    <message>
        <source>Cc: %1</source>
        <translation>Copie à : %1</translation>
    </message>
</context>
<context>
    <name>magpie::mime::HeaderBlock</name>
    <message>
        <source>Line %1 of a header block is not a header field; it was skipped.</source>
        <translation>La ligne %1 d’un bloc d’en-tête n’est pas un champ d’en-tête ; elle a été ignorée.</translation>
    </message>
    <message>
        <source>The header ends without an empty line; line %1 and what follows it are taken as the body.</source>
        <translation>L’en-tête se termine sans ligne vide ; la ligne %1 et ce qui suit sont considérés comme le corps du message.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::HeaderField</name>
    <message>
        <source>A header name must be printable ASCII without spaces or colons.</source>
        <translation>Un nom d’en-tête doit être en ASCII imprimable, sans espaces ni deux-points.</translation>
    </message>
    <message>
        <source>A header value cannot contain a line break.</source>
        <translation>Une valeur d’en-tête ne peut pas contenir de saut de ligne.</translation>
    </message>
    <message>
        <source>A header value cannot contain a NUL character.</source>
        <translation>Une valeur d’en-tête ne peut pas contenir de caractère NUL.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::HeaderParameters</name>
    <message>
        <source>A &quot;;&quot; is missing after the value.</source>
        <translation>Il manque un « ; » après la valeur.</translation>
    </message>
    <message>
        <source>The field has no value before its parameters.</source>
        <translation>Le champ n’a pas de valeur avant ses paramètres.</translation>
    </message>
    <message>
        <source>Parameter %1 has no value.</source>
        <translation>Le paramètre %1 n’a pas de valeur.</translation>
    </message>
    <message>
        <source>A &quot;;&quot; is missing after parameter %1.</source>
        <translation>Il manque un « ; » après le paramètre %1.</translation>
    </message>
    <message>
        <source>Parameter %1 appears more than once; the first is used.</source>
        <translation>Le paramètre %1 apparaît plusieurs fois ; le premier est utilisé.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::Message</name>
    <message>
        <source>The base64 data of part %1 is damaged; what could be read is shown.</source>
        <translation>Les données base64 de la partie %1 sont endommagées ; ce qui a pu être lu est affiché.</translation>
    </message>
    <message>
        <source>The quoted-printable text of part %1 is damaged; it is shown as well as it could be read.</source>
        <translation>Le texte quoted-printable de la partie %1 est endommagé ; il est affiché du mieux possible.</translation>
    </message>
    <message>
        <source>The uuencode data of part %1 is damaged or incomplete.</source>
        <translation>Les données uuencode de la partie %1 sont endommagées ou incomplètes.</translation>
    </message>
    <message>
        <source>The %1 field holds text that is not an address: %2</source>
        <translation>Le champ %1 contient du texte qui n’est pas une adresse : %2</translation>
    </message>
    <message>
        <source>Part %1 declares the charset &quot;%2&quot;, which is unknown or does not match its text; it was read as %3.</source>
        <translation>La partie %1 déclare le jeu de caractères « %2 », qui est inconnu ou ne correspond pas à son texte ; elle a été lue en %3.</translation>
    </message>
    <message>
        <source>The input is empty: there is no message in it.</source>
        <translation>L’entrée est vide : elle ne contient aucun message.</translation>
    </message>
    <message>
        <source>The input does not start with a header field (no header); all of it is shown as text.</source>
        <translation>L’entrée ne commence pas par un champ d’en-tête (pas d’en-tête) ; elle est entièrement affichée comme texte.</translation>
    </message>
    <message>
        <source>The %1 header field holds 8-bit bytes that are not UTF-8; they were read as windows-1252.</source>
        <translation>Le champ d’en-tête %1 contient des octets 8 bits qui ne sont pas de l’UTF-8 ; ils ont été lus en windows-1252.</translation>
    </message>
    <message>
        <source>The Date field &quot;%1&quot; could not be read as a date.</source>
        <translation>Le champ Date « %1 » n’a pas pu être lu comme une date.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::MessageBuilder</name>
    <message>
        <source>The subject cannot contain a line break.</source>
        <translation>Le sujet ne peut pas contenir de saut de ligne.</translation>
    </message>
    <message>
        <source>The message has no sender address.</source>
        <translation>Le message n’a pas d’adresse d’expéditeur.</translation>
    </message>
    <message>
        <source>A message id cannot contain spaces, line breaks or angle brackets.</source>
        <translation>Un identifiant de message ne peut pas contenir d’espaces, de sauts de ligne ni de chevrons.</translation>
    </message>
    <message>
        <source>The attachment &quot;%1&quot; has an invalid content type.</source>
        <translation>La pièce jointe « %1 » a un type de contenu non valide.</translation>
    </message>
    <message>
        <source>The attachment &quot;%1&quot; has an invalid Content-ID.</source>
        <translation>La pièce jointe « %1 » a un Content-ID non valide.</translation>
    </message>
    <message>
        <source>The attachment &quot;%1&quot; has an invalid charset.</source>
        <translation>La pièce jointe « %1 » a un jeu de caractères non valide.</translation>
    </message>
    <message>
        <source>The %1 field holds an invalid address.</source>
        <translation>Le champ %1 contient une adresse non valide.</translation>
    </message>
    <message>
        <source>The %1 field is written by Magpie itself and cannot be added.</source>
        <translation>Le champ %1 est écrit par Magpie lui-même et ne peut pas être ajouté.</translation>
    </message>
    <message>
        <source>The message has a line longer than 998 characters and cannot be sent.</source>
        <translation>Le message contient une ligne de plus de 998 caractères et ne peut pas être envoyé.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::MessageParser</name>
    <message>
        <source>A %1 part has no boundary parameter; it is shown as a single part.</source>
        <translation>Une partie de type %1 n’a pas de paramètre de délimiteur (boundary) ; elle est affichée comme une partie unique.</translation>
    </message>
    <message>
        <source>A %1 part ends without its closing boundary; the message may be truncated.</source>
        <translation>Une partie de type %1 se termine sans son délimiteur de fin ; le message est peut-être tronqué.</translation>
    </message>
    <message>
        <source>The message has parts nested too deeply; the innermost ones are not shown.</source>
        <translation>Le message contient des parties imbriquées trop profondément ; les plus internes ne sont pas affichées.</translation>
    </message>
    <message>
        <source>An enclosed message is encoded too many times over; it is kept as a file and not opened (too deeply nested).</source>
        <translation>Un message joint est encodé trop de fois ; il est conservé comme fichier et n’est pas ouvert (imbrication trop profonde).</translation>
    </message>
    <message>
        <source>A part uses the unknown transfer encoding &quot;%1&quot;; it is kept as a file (application/octet-stream, RFC 2045 s6.4).</source>
        <translation>Une partie utilise l’encodage de transfert inconnu « %1 » ; elle est conservée comme fichier (application/octet-stream, RFC 2045 s6.4).</translation>
    </message>
    <message>
        <source>A header parameter was repaired: %1</source>
        <translation>Un paramètre d’en-tête a été réparé : %1</translation>
    </message>
</context>
<context>
    <name>magpie::mime::Reader</name>
    <message>
        <source>A quoted string is not terminated; it was read to the end.</source>
        <translation>Une chaîne entre guillemets n’est pas terminée ; elle a été lue jusqu’à la fin.</translation>
    </message>
    <message>
        <source>Unexpected text was skipped: %1</source>
        <translation>Un texte inattendu a été ignoré : %1</translation>
    </message>
    <message>
        <source>A comment is not terminated; it was read to the end.</source>
        <translation>Un commentaire n’est pas terminé ; il a été lu jusqu’à la fin.</translation>
    </message>
</context>
<context>
    <name>magpie::mime::Reply</name>
    <message>
        <source>someone</source>
        <translation>quelqu’un</translation>
    </message>
    <message>
        <source>On %1, %2 wrote:</source>
        <translation>Le %1, %2 a écrit :</translation>
    </message>
    <message>
        <source>%1 wrote:</source>
        <translation>%1 a écrit :</translation>
    </message>
</context>
<context>
    <name>magpie::server::DurableFile</name>
    <message>
        <source>Could not %1: the disk holding the mail store is full, so nothing was stored. Free some space and try again.</source>
        <translation>Impossible %1 : le disque qui contient le dépôt de courrier est plein, rien n’a donc été enregistré. Libérez de l’espace et réessayez.</translation>
    </message>
    <message>
        <source>Could not %1: %2.</source>
        <translation>Impossible %1 : %2.</translation>
    </message>
    <message>
        <source>Could not %1: the message is no longer on disk.</source>
        <translation>Impossible %1 : le message n’est plus sur le disque.</translation>
    </message>
</context>
<context>
    <name>magpie::server::FaultRule</name>
    <message>
        <source>The fault &quot;%1&quot; is not PROTOCOL:COMMAND:ACTION[:ARGUMENT].</source>
        <translation>La règle de panne « %1 » n’est pas de la forme PROTOCOL:COMMAND:ACTION[:ARGUMENT].</translation>
    </message>
    <message>
        <source>The fault &quot;%1&quot; names the protocol &quot;%2&quot;; use smtp, pop3 or imap.</source>
        <translation>La règle de panne « %1 » indique le protocole « %2 » ; utilisez smtp, pop3 ou imap.</translation>
    </message>
    <message>
        <source>The fault &quot;%1&quot; names no command.</source>
        <translation>La règle de panne « %1 » n’indique aucune commande.</translation>
    </message>
    <message>
        <source>The fault &quot;%1&quot; has the unknown action &quot;%2&quot;; use reply, drop-before-reply, drop-after-reply, drop-after-bytes or drop-after-received.</source>
        <translation>La règle de panne « %1 » a l’action inconnue « %2 » ; utilisez reply, drop-before-reply, drop-after-reply, drop-after-bytes ou drop-after-received.</translation>
    </message>
    <message>
        <source>The fault &quot;%1&quot; needs an argument after &quot;%2:&quot;.</source>
        <translation>La règle de panne « %1 » nécessite un argument après « %2: ».</translation>
    </message>
    <message>
        <source>The fault &quot;%1&quot; takes no argument after &quot;%2&quot;.</source>
        <translation>La règle de panne « %1 » n’accepte aucun argument après « %2 ».</translation>
    </message>
    <message>
        <source>The reply of the fault &quot;%1&quot; must be one line.</source>
        <translation>La réponse de la règle de panne « %1 » doit tenir sur une seule ligne.</translation>
    </message>
    <message>
        <source>The fault &quot;%1&quot; needs a byte count, not &quot;%2&quot;.</source>
        <translation>La règle de panne « %1 » nécessite un nombre d’octets, et non « %2 ».</translation>
    </message>
</context>
<context>
    <name>magpie::server::LocalUser</name>
    <message>
        <source>The user &quot;%1&quot; has no password; write it as address:password.</source>
        <translation>L’utilisateur « %1 » n’a pas de mot de passe ; écrivez-le sous la forme adresse:mot_de_passe.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a mail address; a user is named by its address, such as alice@example.test.</source>
        <translation>« %1 » n’est pas une adresse électronique ; un utilisateur est désigné par son adresse, par exemple alice@example.test.</translation>
    </message>
</context>
<context>
    <name>magpie::server::MailStore</name>
    <message>
        <source>&quot;%1&quot; cannot be a user of this mail store: it is empty, starts with a dot or holds &quot;/&quot;, &quot;\&quot; or a control character.</source>
        <translation>« %1 » ne peut pas être un utilisateur de ce dépôt de courrier : le nom est vide, commence par un point ou contient « / », « \ » ou un caractère de contrôle.</translation>
    </message>
    <message>
        <source>A mailbox named &quot;%1&quot; already exists.</source>
        <translation>Une boîte aux lettres nommée « %1 » existe déjà.</translation>
    </message>
    <message>
        <source>INBOX cannot be deleted.</source>
        <translation>INBOX ne peut pas être supprimée.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has mailboxes below it; delete those first.</source>
        <translation>« %1 » contient des boîtes aux lettres subordonnées ; supprimez-les d’abord.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot move into a mailbox below itself.</source>
        <translation>« %1 » ne peut pas être déplacée dans une boîte aux lettres qui lui est subordonnée.</translation>
    </message>
    <message>
        <source>There is no message with UID %1 in &quot;%2&quot;.</source>
        <translation>Il n’y a aucun message avec l’UID %1 dans « %2 ».</translation>
    </message>
    <message>
        <source>A message needs a recipient.</source>
        <translation>Un message doit avoir un destinataire.</translation>
    </message>
    <message>
        <source>There is no user %1 in this mail store.</source>
        <translation>Il n’y a pas d’utilisateur %1 dans ce dépôt de courrier.</translation>
    </message>
    <message>
        <source>There is no mailbox &quot;%1&quot;.</source>
        <translation>La boîte aux lettres « %1 » n’existe pas.</translation>
    </message>
</context>
<context>
    <name>magpie::server::MailboxPath</name>
    <message>
        <source>A mailbox needs a name.</source>
        <translation>Une boîte aux lettres doit avoir un nom.</translation>
    </message>
    <message>
        <source>A mailbox name cannot contain control characters.</source>
        <translation>Un nom de boîte aux lettres ne peut pas contenir de caractères de contrôle.</translation>
    </message>
    <message>
        <source>A mailbox name cannot contain &quot;*&quot; or &quot;%&quot;, which LIST uses as wildcards.</source>
        <translation>Un nom de boîte aux lettres ne peut contenir ni « * » ni « % », que LIST utilise comme caractères génériques.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has an empty level between two &quot;/&quot;.</source>
        <translation>« %1 » contient un niveau vide entre deux « / ».</translation>
    </message>
</context>
<context>
    <name>magpie::server::MaildirScan</name>
    <message>
        <source>read the folder %1</source>
        <translation>de lire le dossier %1</translation>
    </message>
</context>
<context>
    <name>magpie::server::MaildirStorage</name>
    <message>
        <source>Could not use %1 for mail: it cannot be made into a directory.</source>
        <translation>%1 ne peut pas servir au courrier : impossible d’en faire un répertoire.</translation>
    </message>
    <message>
        <source>open the mail store in %1</source>
        <translation>d’ouvrir le dépôt de courrier dans %1</translation>
    </message>
    <message>
        <source>Another program (probably another magpie-server) is using the mail store in %1. Stop it, or choose another directory.</source>
        <translation>Un autre programme (probablement un autre magpie-server) utilise le dépôt de courrier dans %1. Arrêtez-le ou choisissez un autre répertoire.</translation>
    </message>
    <message>
        <source>lock the mail store in %1</source>
        <translation>de verrouiller le dépôt de courrier dans %1</translation>
    </message>
    <message>
        <source>The mailbox name &quot;%1&quot; is too long to keep on disk.</source>
        <translation>Le nom de boîte aux lettres « %1 » est trop long pour être conservé sur le disque.</translation>
    </message>
    <message>
        <source>create the mailbox &quot;%1&quot;</source>
        <translation>de créer la boîte aux lettres « %1 »</translation>
    </message>
    <message>
        <source>create the mail directory of %1</source>
        <translation>de créer le répertoire de courrier de %1</translation>
    </message>
    <message>
        <source>Could not %1: %2 is already there.</source>
        <translation>Impossible %1 : %2 existe déjà.</translation>
    </message>
    <message>
        <source>save the subscriptions of %1</source>
        <translation>d’enregistrer les abonnements de %1</translation>
    </message>
    <message>
        <source>delete the mailbox &quot;%1&quot;</source>
        <translation>de supprimer la boîte aux lettres « %1 »</translation>
    </message>
    <message>
        <source>rename the mailbox &quot;%1&quot; to &quot;%2&quot;</source>
        <translation>de renommer la boîte aux lettres « %1 » en « %2 »</translation>
    </message>
    <message>
        <source>rename a mailbox</source>
        <translation>de renommer une boîte aux lettres</translation>
    </message>
    <message>
        <source>write a message into %1&apos;s mailbox &quot;%2&quot;</source>
        <translation>d’écrire un message dans la boîte aux lettres « %2 » de %1</translation>
    </message>
    <message>
        <source>write a message into %1</source>
        <translation>d’écrire un message dans %1</translation>
    </message>
    <message>
        <source>read message %1 of &quot;%2&quot;</source>
        <translation>de lire le message %1 de « %2 »</translation>
    </message>
    <message>
        <source>copy messages from &quot;%1&quot; to &quot;%2&quot;</source>
        <translation>de copier des messages de « %1 » vers « %2 »</translation>
    </message>
    <message>
        <source>change flags in &quot;%1&quot;</source>
        <translation>de modifier des indicateurs dans « %1 »</translation>
    </message>
    <message>
        <source>remove messages from &quot;%1&quot;</source>
        <translation>de retirer des messages de « %1 »</translation>
    </message>
</context>
<context>
    <name>magpie::server::Pop3Command</name>
    <message>
        <source>PASS needs the password.</source>
        <translation>PASS nécessite le mot de passe.</translation>
    </message>
    <message>
        <source>%1 takes a message number: 1, 2, 3 ...</source>
        <translation>%1 attend un numéro de message : 1, 2, 3 ...</translation>
    </message>
    <message>
        <source>USER takes your user name, which is your mail address.</source>
        <translation>USER attend votre nom d’utilisateur, c’est-à-dire votre adresse électronique.</translation>
    </message>
    <message>
        <source>%1 takes no arguments.</source>
        <translation>%1 n’accepte aucun argument.</translation>
    </message>
    <message>
        <source>%1 takes at most a message number.</source>
        <translation>%1 accepte au plus un numéro de message.</translation>
    </message>
    <message>
        <source>%1 takes a message number.</source>
        <translation>%1 attend un numéro de message.</translation>
    </message>
    <message>
        <source>TOP takes a message number and a number of lines.</source>
        <translation>TOP attend un numéro de message et un nombre de lignes.</translation>
    </message>
    <message>
        <source>TOP takes a number of lines: 0 or more.</source>
        <translation>TOP attend un nombre de lignes : 0 ou plus.</translation>
    </message>
    <message>
        <source>Write AUTH, a mechanism and optionally an initial response.</source>
        <translation>Écrivez AUTH, un mécanisme et éventuellement une réponse initiale.</translation>
    </message>
</context>
<context>
    <name>magpie::server::SaslLogin</name>
    <message>
        <source>The LOGIN response is empty.</source>
        <translation>La réponse LOGIN est vide.</translation>
    </message>
    <message>
        <source>The LOGIN response holds a NUL byte.</source>
        <translation>La réponse LOGIN contient un octet NUL.</translation>
    </message>
    <message>
        <source>The LOGIN response is too long.</source>
        <translation>La réponse LOGIN est trop longue.</translation>
    </message>
    <message>
        <source>The LOGIN response is not UTF-8 text.</source>
        <translation>La réponse LOGIN n’est pas du texte UTF-8.</translation>
    </message>
</context>
<context>
    <name>magpie::server::SaslPlain</name>
    <message>
        <source>The PLAIN response must hold a user name and a password, each after a NUL byte.</source>
        <translation>La réponse PLAIN doit contenir un nom d’utilisateur et un mot de passe, chacun précédé d’un octet NUL.</translation>
    </message>
    <message>
        <source>The PLAIN response holds more than two NUL bytes.</source>
        <translation>La réponse PLAIN contient plus de deux octets NUL.</translation>
    </message>
    <message>
        <source>The PLAIN response has an empty user name.</source>
        <translation>La réponse PLAIN contient un nom d’utilisateur vide.</translation>
    </message>
    <message>
        <source>The PLAIN response has an empty password.</source>
        <translation>La réponse PLAIN contient un mot de passe vide.</translation>
    </message>
    <message>
        <source>The PLAIN response is too long.</source>
        <translation>La réponse PLAIN est trop longue.</translation>
    </message>
    <message>
        <source>The PLAIN response is not UTF-8 text.</source>
        <translation>La réponse PLAIN n’est pas du texte UTF-8.</translation>
    </message>
    <message>
        <source>Logging in on behalf of another user is not supported.</source>
        <translation>La connexion au nom d’un autre utilisateur n’est pas prise en charge.</translation>
    </message>
</context>
<context>
    <name>magpie::server::SaslResponse</name>
    <message>
        <source>The response is not valid base64.</source>
        <translation>La réponse n’est pas du base64 valide.</translation>
    </message>
</context>
<context>
    <name>magpie::server::Server</name>
    <message>
        <source>A TLS certificate needs its key: give both --tls-cert and --tls-key.</source>
        <translation>Un certificat TLS nécessite sa clé : indiquez à la fois --tls-cert et --tls-key.</translation>
    </message>
    <message>
        <source>Cannot open the mail folder %1: %2</source>
        <translation>Impossible d’ouvrir le dossier de courrier %1 : %2</translation>
    </message>
    <message>
        <source>Cannot set up the mailboxes of %1: %2</source>
        <translation>Impossible de configurer les boîtes aux lettres de %1 : %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address to listen on.</source>
        <translation>« %1 » n’est pas une adresse IP sur laquelle le serveur peut écouter.</translation>
    </message>
    <message>
        <source>Port %1 (%2) is already in use; choose another base with --port-base.</source>
        <translation>Le port %1 (%2) est déjà utilisé ; choisissez une autre base avec --port-base.</translation>
    </message>
    <message>
        <source>Cannot listen on %1 (%2): %3</source>
        <translation>Impossible d’écouter sur %1 (%2) : %3</translation>
    </message>
    <message>
        <source>Cannot take a new %1 connection: %2</source>
        <translation>Impossible d’accepter une nouvelle connexion %1 : %2</translation>
    </message>
</context>
<context>
    <name>magpie::server::ServerConfig</name>
    <message>
        <source>Choose where mail is kept: --data DIR, or --memory for a throw-away server.</source>
        <translation>Choisissez où conserver le courrier : --data DOSSIER, ou --memory pour un serveur jetable.</translation>
    </message>
    <message>
        <source>--data and --memory exclude each other.</source>
        <translation>--data et --memory s’excluent mutuellement.</translation>
    </message>
    <message>
        <source>The user %1 is listed twice.</source>
        <translation>L’utilisateur %1 figure deux fois.</translation>
    </message>
    <message>
        <source>The catch-all user %1 is not one of the server&apos;s users.</source>
        <translation>L’utilisateur attrape-tout %1 n’est pas un utilisateur du serveur.</translation>
    </message>
</context>
<context>
    <name>magpie::server::ServerPorts</name>
    <message>
        <source>The port base must be between 0 and 64540.</source>
        <translation>La base des ports doit être comprise entre 0 et 64540.</translation>
    </message>
</context>
<context>
    <name>magpie::server::SmtpCommand</name>
    <message>
        <source>Write MAIL FROM:&lt;address&gt;.</source>
        <translation>Écrivez MAIL FROM:&lt;adresse&gt;.</translation>
    </message>
    <message>
        <source>Write RCPT TO:&lt;address&gt;.</source>
        <translation>Écrivez RCPT TO:&lt;adresse&gt;.</translation>
    </message>
    <message>
        <source>The sender address needs a domain.</source>
        <translation>L’adresse de l’expéditeur doit comporter un domaine.</translation>
    </message>
    <message>
        <source>The recipient address is empty.</source>
        <translation>L’adresse du destinataire est vide.</translation>
    </message>
    <message>
        <source>Put a space between the address and the parameters.</source>
        <translation>Mettez une espace entre l’adresse et les paramètres.</translation>
    </message>
    <message>
        <source>A parameter is malformed.</source>
        <translation>Un paramètre est mal formé.</translation>
    </message>
    <message>
        <source>SIZE takes the message size in octets, once.</source>
        <translation>SIZE attend la taille du message en octets, une seule fois.</translation>
    </message>
    <message>
        <source>BODY takes 7BIT or 8BITMIME, once.</source>
        <translation>BODY attend 7BIT ou 8BITMIME, une seule fois.</translation>
    </message>
    <message>
        <source>BODY takes 7BIT or 8BITMIME.</source>
        <translation>BODY attend 7BIT ou 8BITMIME.</translation>
    </message>
    <message>
        <source>SMTPUTF8 takes no value and comes once.</source>
        <translation>SMTPUTF8 ne prend aucune valeur et ne doit apparaître qu’une fois.</translation>
    </message>
    <message>
        <source>AUTH= takes one address or &lt;&gt;.</source>
        <translation>AUTH= attend une adresse ou &lt;&gt;.</translation>
    </message>
    <message>
        <source>MAIL takes only the SIZE, BODY, SMTPUTF8 and AUTH parameters.</source>
        <translation>MAIL n’accepte que les paramètres SIZE, BODY, SMTPUTF8 et AUTH.</translation>
    </message>
    <message>
        <source>RCPT takes no parameters here.</source>
        <translation>RCPT n’accepte aucun paramètre ici.</translation>
    </message>
    <message>
        <source>%1 takes no arguments.</source>
        <translation>%1 n’accepte aucun argument.</translation>
    </message>
    <message>
        <source>%1 needs the client&apos;s name, as in &quot;%1 client.example&quot;.</source>
        <translation>%1 nécessite le nom du client, comme dans « %1 client.example ».</translation>
    </message>
    <message>
        <source>%1 needs an address.</source>
        <translation>%1 nécessite une adresse.</translation>
    </message>
    <message>
        <source>Write AUTH, a mechanism and optionally an initial response.</source>
        <translation>Écrivez AUTH, un mécanisme et éventuellement une réponse initiale.</translation>
    </message>
</context>
<context>
    <name>magpie::server::SmtpPath</name>
    <message>
        <source>Write the address in angle brackets, like &lt;alice@example.test&gt;.</source>
        <translation>Écrivez l’adresse entre chevrons, par exemple &lt;alice@example.test&gt;.</translation>
    </message>
    <message>
        <source>The source route of the address is malformed.</source>
        <translation>La route source de l’adresse est mal formée.</translation>
    </message>
    <message>
        <source>The source route of the address must end with a colon.</source>
        <translation>La route source de l’adresse doit se terminer par un deux-points.</translation>
    </message>
    <message>
        <source>The local part of the address (before the @) is malformed.</source>
        <translation>La partie locale de l’adresse (avant le @) est mal formée.</translation>
    </message>
    <message>
        <source>The local part of the address is longer than 64 octets.</source>
        <translation>La partie locale de l’adresse dépasse 64 octets.</translation>
    </message>
    <message>
        <source>The address needs an @ and a domain.</source>
        <translation>L’adresse doit comporter un @ et un domaine.</translation>
    </message>
    <message>
        <source>The domain of the address is malformed.</source>
        <translation>Le domaine de l’adresse est mal formé.</translation>
    </message>
    <message>
        <source>The domain of the address is longer than 255 octets.</source>
        <translation>Le domaine de l’adresse dépasse 255 octets.</translation>
    </message>
    <message>
        <source>The address must end with &quot;&gt;&quot;.</source>
        <translation>L’adresse doit se terminer par « &gt; ».</translation>
    </message>
    <message>
        <source>The address is longer than 256 octets.</source>
        <translation>L’adresse dépasse 256 octets.</translation>
    </message>
    <message>
        <source>The address is not valid UTF-8.</source>
        <translation>L’adresse n’est pas en UTF-8 valide.</translation>
    </message>
</context>
<context>
    <name>magpie::server::TlsIdentity</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
    <message>
        <source>the generated certificate</source>
        <translation>le certificat généré</translation>
    </message>
    <message>
        <source>the generated key</source>
        <translation>la clé générée</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate (a block that begins with &quot;-----BEGIN CERTIFICATE-----&quot;).</source>
        <translation>%1 ne contient aucun certificat PEM (un bloc qui commence par « -----BEGIN CERTIFICATE----- »).</translation>
    </message>
    <message>
        <source>The private key in %1 is protected by a passphrase, which a server cannot ask for. Store it without one (openssl pkey -in KEY -out PLAIN) and keep the file readable only by you.</source>
        <translation>La clé privée dans %1 est protégée par une phrase secrète, qu’un serveur ne peut pas demander. Enregistrez-la sans phrase secrète (openssl pkey -in KEY -out PLAIN) et faites en sorte que vous seul puissiez lire le fichier.</translation>
    </message>
    <message>
        <source>%1 holds no PEM private key (a block that begins with &quot;-----BEGIN PRIVATE KEY-----&quot;).</source>
        <translation>%1 ne contient aucune clé privée PEM (un bloc qui commence par « -----BEGIN PRIVATE KEY----- »).</translation>
    </message>
    <message>
        <source>The private key in %1 does not belong to the certificate in %2.</source>
        <translation>La clé privée dans %1 ne correspond pas au certificat dans %2.</translation>
    </message>
    <message>
        <source>The private key in %1 is of a kind the server cannot use; use an RSA or EC (ECDSA) key.</source>
        <translation>La clé privée dans %1 est d’un type que le serveur ne peut pas utiliser ; utilisez une clé RSA ou EC (ECDSA).</translation>
    </message>
    <message>
        <source>The private key in %1 cannot be used.</source>
        <translation>La clé privée dans %1 est inutilisable.</translation>
    </message>
    <message>
        <source>Qt&apos;s TLS support cannot use the certificate in %1 or the key in %2.</source>
        <translation>La prise en charge de TLS par Qt ne peut pas utiliser le certificat dans %1 ou la clé dans %2.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>%1 exists but its key %2 is missing. Delete the certificate to have a new one made, or restore the key.</source>
        <translation>%1 existe, mais sa clé %2 est manquante. Supprimez le certificat pour qu’un nouveau soit créé, ou restaurez la clé.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the server&apos;s certificate.</source>
        <translation>Impossible de créer le dossier %1 pour le certificat du serveur.</translation>
    </message>
    <message>
        <source>OpenSSL could not make a self-signed certificate.</source>
        <translation>OpenSSL n’a pas pu créer de certificat autosigné.</translation>
    </message>
</context>
<context>
    <name>magpie::server::UidList</name>
    <message>
        <source>save the UID list of %1</source>
        <translation>d’enregistrer la liste des UID de %1</translation>
    </message>
</context>
<context>
    <name>magpie::server::UsersFile</name>
    <message>
        <source>%1 line %2: %3</source>
        <translation>%1 ligne %2 : %3</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
</context>
<context>
    <name>magpie::store::Database</name>
    <message>
        <source>Magpie cannot create the folder %1 for its mail cache. Check that the disk is not full and that you may write there.</source>
        <translation>Magpie ne peut pas créer le dossier %1 pour son cache de courrier. Vérifiez que le disque n’est pas plein et que vous avez le droit d’y écrire.</translation>
    </message>
    <message>
        <source>Magpie cannot open its mail cache %1: %2</source>
        <translation>Magpie ne peut pas ouvrir son cache de courrier %1 : %2</translation>
    </message>
    <message>
        <source>Magpie cannot use its mail cache %1: the file system does not support SQLite&apos;s write-ahead log.</source>
        <translation>Magpie ne peut pas utiliser son cache de courrier %1 : le système de fichiers ne prend pas en charge le journal WAL de SQLite.</translation>
    </message>
    <message>
        <source>The mail cache %1 was written by a newer version of Magpie (schema %2; this version knows %3). Update Magpie, or choose another profile.</source>
        <translation>Le cache de courrier %1 a été écrit par une version plus récente de Magpie (schéma %2 ; cette version connaît %3). Mettez Magpie à jour ou choisissez un autre profil.</translation>
    </message>
    <message>
        <source>Magpie could not upgrade its mail cache %1 to schema %2 (%3). The cache was left as it was.</source>
        <translation>Magpie n’a pas pu mettre à niveau son cache de courrier %1 vers le schéma %2 (%3). Le cache est resté tel quel.</translation>
    </message>
</context>
<context>
    <name>magpie::store::SecretStore</name>
    <message>
        <source>No password is saved for %1 yet.</source>
        <translation>Aucun mot de passe n’est encore enregistré pour %1.</translation>
    </message>
    <message>
        <source>No keychain is available (on Linux, a Secret Service such as GNOME Keyring or KWallet must be running), so Magpie cannot save passwords. It will ask for them once per session instead.</source>
        <translation>Aucun trousseau n’est disponible (sous Linux, un service Secret Service tel que GNOME Keyring ou KWallet doit être en cours d’exécution) ; Magpie ne peut donc pas enregistrer les mots de passe. Il les demandera plutôt une fois par session.</translation>
    </message>
    <message>
        <source>The keychain refused access to the password for %1. Unlock the keychain or allow Magpie to use it, then try again.</source>
        <translation>Le trousseau a refusé l’accès au mot de passe de %1. Déverrouillez le trousseau ou autorisez Magpie à l’utiliser, puis réessayez.</translation>
    </message>
    <message>
        <source>The keychain could not handle the password for %1: %2</source>
        <translation>Le trousseau n’a pas pu traiter le mot de passe de %1 : %2</translation>
    </message>
</context>
</TS>
