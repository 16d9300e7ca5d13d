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
        <source>Magpie&apos;s mail engines on the command line.</source>
        <translation>Les moteurs de messagerie de Magpie en ligne de commande.</translation>
    </message>
    <message>
        <source>What to do.</source>
        <translation>Ce qu’il faut faire.</translation>
    </message>
</context>
<context>
    <name>magpie-server</name>
    <message>
        <source>Magpie&apos;s loopback mail server: SMTP, POP3 and IMAP for local users, for offline use and testing.</source>
        <translation>Le serveur de messagerie local de Magpie : SMTP, POP3 et IMAP pour des utilisateurs locaux, pour l’usage hors ligne et les tests.</translation>
    </message>
    <message>
        <source>Keep mail in Maildirs under &lt;dir&gt;.</source>
        <translation>Conserver le courrier dans des Maildirs sous &lt;dir&gt;.</translation>
    </message>
    <message>
        <source>Keep everything in memory.</source>
        <translation>Tout garder en mémoire.</translation>
    </message>
    <message>
        <source>Serve &lt;address:password&gt; (repeatable).</source>
        <translation>Servir &lt;address:password&gt; (répétable).</translation>
    </message>
    <message>
        <source>Deliver mail for unknown recipients to &lt;user&gt;.</source>
        <translation>Distribuer le courrier des destinataires inconnus à &lt;user&gt;.</translation>
    </message>
    <message>
        <source>Move every port: SMTP is &lt;n&gt;+525, IMAP &lt;n&gt;+143, ...</source>
        <translation>Décaler tous les ports : SMTP vaut &lt;n&gt;+525, IMAP &lt;n&gt;+143, …</translation>
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
</TS>
