<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Magpie</source>
        <translation>À propos de Magpie</translation>
    </message>
    <message>
        <source>A desktop mail client with its own IMAP, POP3 and SMTP engines.</source>
        <translation>Un client de messagerie de bureau doté de ses propres moteurs IMAP, POP3 et SMTP.</translation>
    </message>
    <message>
        <source>&amp;Build Information</source>
        <translation>Informations de &amp;compilation</translation>
    </message>
    <message>
        <source>Please include this in bug reports.</source>
        <translation>Veuillez joindre ces informations à vos rapports de bogue.</translation>
    </message>
    <message>
        <source>&amp;Copy Build Information</source>
        <translation>&amp;Copier les informations de compilation</translation>
    </message>
    <message>
        <source>&amp;Licences</source>
        <translation>&amp;Licences</translation>
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
        <translation>Configurer un compte de courrier</translation>
    </message>
    <message>
        <source>Enter your name, address and password. Magpie looks up the servers of your provider and tests them before adding the account.</source>
        <translation>Saisissez votre nom, votre adresse et votre mot de passe. Magpie recherche les serveurs de votre fournisseur et les teste avant d’ajouter le compte.</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>Votre &amp;nom :</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Votre nom</translation>
    </message>
    <message>
        <source>As others see it, e.g. Alice Example</source>
        <translation>Tel que les autres le voient, par ex. Alice Exemple</translation>
    </message>
    <message>
        <source>&amp;Email address:</source>
        <translation>Adresse &amp;électronique :</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>Adresse électronique</translation>
    </message>
    <message>
        <source>alice@example.com</source>
        <translation>alice@example.com</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>&amp;Remember password in the keychain</source>
        <translation>&amp;Retenir le mot de passe dans le trousseau</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Serveurs</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocole</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sécurité</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <source>&amp;Incoming:</source>
        <translation>&amp;Entrant :</translation>
    </message>
    <message>
        <source>Incoming protocol</source>
        <translation>Protocole entrant</translation>
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
        <translation>Serveur entrant</translation>
    </message>
    <message>
        <source>imap.example.com</source>
        <translation>imap.example.com</translation>
    </message>
    <message>
        <source>Incoming port</source>
        <translation>Port entrant</translation>
    </message>
    <message>
        <source>Incoming security</source>
        <translation>Sécurité entrante</translation>
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
        <translation>Aucune (non chiffré)</translation>
    </message>
    <message>
        <source>Incoming user name</source>
        <translation>Nom d’utilisateur entrant</translation>
    </message>
    <message>
        <source>&amp;Outgoing:</source>
        <translation>&amp;Sortant :</translation>
    </message>
    <message>
        <source>SMTP</source>
        <translation>SMTP</translation>
    </message>
    <message>
        <source>Outgoing server</source>
        <translation>Serveur sortant</translation>
    </message>
    <message>
        <source>smtp.example.com</source>
        <translation>smtp.example.com</translation>
    </message>
    <message>
        <source>Outgoing port</source>
        <translation>Port sortant</translation>
    </message>
    <message>
        <source>Outgoing security</source>
        <translation>Sécurité sortante</translation>
    </message>
    <message>
        <source>Outgoing user name</source>
        <translation>Nom d’utilisateur sortant</translation>
    </message>
    <message>
        <source>&amp;Account name:</source>
        <translation>Nom du &amp;compte :</translation>
    </message>
    <message>
        <source>Account name</source>
        <translation>Nom du compte</translation>
    </message>
    <message>
        <source>Shown in the folder list</source>
        <translation>Affiché dans la liste des dossiers</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>&amp;Trust This Certificate</source>
        <translation>&amp;Faire confiance à ce certificat</translation>
    </message>
    <message>
        <source>&amp;Find Settings</source>
        <translation>Rechercher les &amp;paramètres</translation>
    </message>
    <message>
        <source>Configure &amp;Manually</source>
        <translation>Confi&amp;guration manuelle</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Tester</translation>
    </message>
</context>
<context>
    <name>ComposerWindow</name>
    <message>
        <source>Write</source>
        <translation>Écrire</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;De :</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;À :</translation>
    </message>
    <message>
        <source>To</source>
        <translation>À</translation>
    </message>
    <message>
        <source>Addresses, separated by commas</source>
        <translation>Adresses, séparées par des virgules</translation>
    </message>
    <message>
        <source>&amp;Cc:</source>
        <translation>&amp;Cc :</translation>
    </message>
    <message>
        <source>Cc</source>
        <translation>Cc</translation>
    </message>
    <message>
        <source>&amp;Bcc:</source>
        <translation>Cc&amp;i :</translation>
    </message>
    <message>
        <source>Bcc</source>
        <translation>Cci</translation>
    </message>
    <message>
        <source>Hidden recipients: the others do not see these addresses.</source>
        <translation>Destinataires cachés : les autres ne voient pas ces adresses.</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>&amp;Sujet :</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>Texte du message</translation>
    </message>
    <message>
        <source>No attachments. Drop files anywhere on this window to attach them.</source>
        <translation>Aucune pièce jointe. Déposez des fichiers n’importe où sur cette fenêtre pour les joindre.</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Pièces jointes</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>&amp;Message</translation>
    </message>
    <message>
        <source>F&amp;ormat</source>
        <translation>F&amp;ormat</translation>
    </message>
    <message>
        <source>Composer toolbar</source>
        <translation>Barre d’outils de rédaction</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Envoyer</translation>
    </message>
    <message>
        <source>Send the message (it waits in the outbox until it is sent)</source>
        <translation>Envoyer le message (il attend dans la boîte d’envoi jusqu’à son envoi)</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>Save as &amp;Draft</source>
        <translation>Enregistrer comme &amp;brouillon</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>&amp;Attach Files...</source>
        <translation>&amp;Joindre des fichiers...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>&amp;Remove Attachment</source>
        <translation>&amp;Supprimer la pièce jointe</translation>
    </message>
    <message>
        <source>Show &amp;Outbox</source>
        <translation>Affic&amp;her la boîte d’envoi</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <source>Ctrl+W</source>
        <translation>Ctrl+W</translation>
    </message>
    <message>
        <source>&amp;HTML (Formatted Text)</source>
        <translation>&amp;HTML (texte mis en forme)</translation>
    </message>
    <message>
        <source>&amp;Bold</source>
        <translation>&amp;Gras</translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <source>&amp;Italic</source>
        <translation>&amp;Italique</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>&amp;Underline</source>
        <translation>&amp;Souligné</translation>
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
        <translation>Journal de connexion</translation>
    </message>
    <message>
        <source>Passwords and message contents are removed from this log. Turn on the full log in Settings &gt; Advanced.</source>
        <translation>Les mots de passe et le contenu des messages sont retirés de ce journal. Activez le journal complet dans Paramètres &gt; Avancé.</translation>
    </message>
    <message>
        <source>Connection log</source>
        <translation>Journal de connexion</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Magpie</source>
        <translation>Bienvenue dans Magpie</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to Magpie&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Bienvenue dans Magpie&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Magpie has no mail account yet. Add yours, or look around first in a demo mailbox that runs on this computer only.</source>
        <translation>Magpie n’a encore aucun compte de courrier. Ajoutez le vôtre, ou découvrez d’abord Magpie avec une boîte aux lettres de démonstration qui fonctionne uniquement sur cet ordinateur.</translation>
    </message>
    <message>
        <source>Try Magpie with a local demo mailbox</source>
        <translation>Essayer Magpie avec une boîte aux lettres de démonstration locale</translation>
    </message>
    <message>
        <source>A small mail server inside Magpie with example messages. Mail you send there stays on this computer.</source>
        <translation>Un petit serveur de courrier intégré à Magpie, avec des messages d’exemple. Le courrier que vous y envoyez reste sur cet ordinateur.</translation>
    </message>
    <message>
        <source>Add an account...</source>
        <translation>Ajouter un compte...</translation>
    </message>
    <message>
        <source>Your name, address and password; Magpie finds the servers and tests them.</source>
        <translation>Votre nom, votre adresse et votre mot de passe ; Magpie trouve les serveurs et les teste.</translation>
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
    <message>
        <source>&amp;Layout</source>
        <translation>&amp;Disposition</translation>
    </message>
    <message>
        <source>&amp;Copy To</source>
        <translation>&amp;Copier vers</translation>
    </message>
    <message>
        <source>Copy the selected messages to another folder</source>
        <translation>Copier les messages sélectionnés vers un autre dossier</translation>
    </message>
    <message>
        <source>Delete &amp;Permanently</source>
        <translation>Supprimer &amp;définitivement</translation>
    </message>
    <message>
        <source>Delete the selected messages without moving them to the Trash</source>
        <translation>Supprimer les messages sélectionnés sans les déplacer dans la Corbeille</translation>
    </message>
    <message>
        <source>Mark as &amp;Read</source>
        <translation>Marquer comme &amp;lu</translation>
    </message>
    <message>
        <source>Mark as &amp;Unread</source>
        <translation>Marquer comme &amp;non lu</translation>
    </message>
    <message>
        <source>&amp;Flag</source>
        <translation>Sui&amp;vi</translation>
    </message>
    <message>
        <source>Flag or unflag the selected messages</source>
        <translation>Marquer ou démarquer les messages sélectionnés pour suivi</translation>
    </message>
    <message>
        <source>&amp;Print...</source>
        <translation>&amp;Imprimer...</translation>
    </message>
    <message>
        <source>&amp;Save As...</source>
        <translation>&amp;Enregistrer sous...</translation>
    </message>
    <message>
        <source>Save the message as an .eml file</source>
        <translation>Enregistrer le message dans un fichier .eml</translation>
    </message>
    <message>
        <source>&amp;Open Saved Message...</source>
        <translation>&amp;Ouvrir un message enregistré...</translation>
    </message>
    <message>
        <source>Open an .eml file in a window of its own</source>
        <translation>Ouvrir un fichier .eml dans une fenêtre séparée</translation>
    </message>
    <message>
        <source>Message &amp;Source</source>
        <translation>&amp;Source du message</translation>
    </message>
    <message>
        <source>&amp;Classic View</source>
        <translation>Affichage &amp;classique</translation>
    </message>
    <message>
        <source>The message below the list</source>
        <translation>Le message sous la liste</translation>
    </message>
    <message>
        <source>&amp;Wide View</source>
        <translation>Affichage &amp;large</translation>
    </message>
    <message>
        <source>The message beside the list</source>
        <translation>Le message à côté de la liste</translation>
    </message>
    <message>
        <source>&amp;Threads</source>
        <translation>&amp;Fils de discussion</translation>
    </message>
    <message>
        <source>Group replies under the messages they answer</source>
        <translation>Regrouper les réponses sous les messages auxquels elles répondent</translation>
    </message>
</context>
<context>
    <name>MessageSourceDialog</name>
    <message>
        <source>Message Source</source>
        <translation>Source du message</translation>
    </message>
    <message>
        <source>Message source</source>
        <translation>Source du message</translation>
    </message>
</context>
<context>
    <name>MessageWindow</name>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>&amp;Message</translation>
    </message>
    <message>
        <source>Message toolbar</source>
        <translation>Barre d’outils du message</translation>
    </message>
    <message>
        <source>&amp;Save As...</source>
        <translation>&amp;Enregistrer sous...</translation>
    </message>
    <message>
        <source>&amp;Print...</source>
        <translation>&amp;Imprimer...</translation>
    </message>
    <message>
        <source>View &amp;Source</source>
        <translation>Afficher la &amp;source</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <source>&amp;Reply</source>
        <translation>&amp;Répondre</translation>
    </message>
    <message>
        <source>Reply &amp;All</source>
        <translation>Répondre à t&amp;ous</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>&amp;Transférer</translation>
    </message>
</context>
<context>
    <name>OutboxView</name>
    <message>
        <source>Outbox</source>
        <translation>Boîte d’envoi</translation>
    </message>
    <message>
        <source>The outbox is empty: everything written has been sent.</source>
        <translation>La boîte d’envoi est vide : tout ce qui a été écrit a été envoyé.</translation>
    </message>
    <message>
        <source>Messages waiting to be sent</source>
        <translation>Messages en attente d’envoi</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Destinataire</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>&amp;Retry Now</source>
        <translation>&amp;Réessayer maintenant</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>A&amp;bandonner</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Password needed</source>
        <translation>Mot de passe requis</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Nom d’utilisateur :</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <source>&amp;Remember the password in the system keychain</source>
        <translation>&amp;Retenir le mot de passe dans le trousseau du système</translation>
    </message>
</context>
<context>
    <name>SettingsAccountEditor</name>
    <message>
        <source>Identity</source>
        <translation>Identité</translation>
    </message>
    <message>
        <source>Account &amp;name:</source>
        <translation>&amp;Nom du compte :</translation>
    </message>
    <message>
        <source>&amp;Your name:</source>
        <translation>&amp;Votre nom :</translation>
    </message>
    <message>
        <source>E-mail &amp;address:</source>
        <translation>&amp;Adresse électronique :</translation>
    </message>
    <message>
        <source>Si&amp;gnature:</source>
        <translation>Si&amp;gnature :</translation>
    </message>
    <message>
        <source>Added at the end of new messages, below a &quot;-- &quot; line.</source>
        <translation>Ajoutée à la fin des nouveaux messages, sous une ligne « -- ».</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Entrant</translation>
    </message>
    <message>
        <source>&amp;Protocol:</source>
        <translation>&amp;Protocole :</translation>
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
        <translation>&amp;Serveur :</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort :</translation>
    </message>
    <message>
        <source>S&amp;ecurity:</source>
        <translation>S&amp;écurité :</translation>
    </message>
    <message>
        <source>SSL/TLS: encrypted from the start</source>
        <translation>SSL/TLS : chiffré dès le début</translation>
    </message>
    <message>
        <source>STARTTLS: encrypted after connecting</source>
        <translation>STARTTLS : chiffré après la connexion</translation>
    </message>
    <message>
        <source>None: not encrypted</source>
        <translation>Aucune : non chiffré</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>Nom d’&amp;utilisateur :</translation>
    </message>
    <message>
        <source>Authentication:</source>
        <translation>Authentification :</translation>
    </message>
    <message>
        <source>Password (PLAIN or LOGIN over TLS)</source>
        <translation>Mot de passe (PLAIN ou LOGIN sur TLS)</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <source>&amp;Trusted certificate:</source>
        <translation>Certificat de &amp;confiance :</translation>
    </message>
    <message>
        <source>The SHA-256 fingerprint of a certificate you trust although it cannot be verified (a self-signed server). Leave empty to trust only verified certificates.</source>
        <translation>L’empreinte SHA-256 d’un certificat auquel vous faites confiance bien qu’il ne puisse pas être vérifié (un serveur auto-signé). Laissez vide pour ne faire confiance qu’aux certificats vérifiés.</translation>
    </message>
    <message>
        <source>&amp;Leave messages on the server</source>
        <translation>&amp;Laisser les messages sur le serveur</translation>
    </message>
    <message>
        <source>&amp;Delete them from the server after</source>
        <translation>Les supp&amp;rimer du serveur après</translation>
    </message>
    <message>
        <source>Days before downloaded messages are deleted from the server</source>
        <translation>Nombre de jours avant que les messages téléchargés soient supprimés du serveur</translation>
    </message>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Sortant</translation>
    </message>
    <message>
        <source>Leave the server empty if this account does not send mail.</source>
        <translation>Laissez le serveur vide si ce compte n’envoie pas de courrier.</translation>
    </message>
    <message>
        <source>Synchronization</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <source>&amp;Check for new mail every:</source>
        <translation>Vérifier les nouveaux messages &amp;toutes les :</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> minutes</translation>
    </message>
    <message>
        <source>Used when the server cannot tell Magpie about new mail at once (IMAP IDLE).</source>
        <translation>Utilisé lorsque le serveur ne peut pas signaler immédiatement les nouveaux messages à Magpie (IMAP IDLE).</translation>
    </message>
    <message>
        <source>Download for &amp;offline use:</source>
        <translation>Télécharger pour l’utilisation &amp;hors connexion :</translation>
    </message>
    <message>
        <source>Nothing</source>
        <translation>Rien</translation>
    </message>
    <message>
        <source>Messages of the last </source>
        <translation>Messages des derniers </translation>
    </message>
</context>
<context>
    <name>SettingsAccountsPage</name>
    <message>
        <source>Accounts</source>
        <translation>Comptes</translation>
    </message>
    <message>
        <source>&amp;Add...</source>
        <translation>&amp;Ajouter...</translation>
    </message>
    <message>
        <source>&amp;Remove...</source>
        <translation>&amp;Supprimer...</translation>
    </message>
    <message>
        <source>Magpie has no account yet. Click Add to set up the account you read and send mail with.</source>
        <translation>Magpie n’a encore aucun compte. Cliquez sur Ajouter pour configurer le compte avec lequel vous lisez et envoyez votre courrier.</translation>
    </message>
</context>
<context>
    <name>SettingsAdvancedPage</name>
    <message>
        <source>Troubleshooting</source>
        <translation>Dépannage</translation>
    </message>
    <message>
        <source>Keep a &amp;connection log</source>
        <translation>Tenir un &amp;journal de connexion</translation>
    </message>
    <message>
        <source>The log records what Magpie and your mail servers say to each other, without passwords or message contents. Open it with Details in the status bar.</source>
        <translation>Le journal enregistre ce que Magpie et vos serveurs de courrier se disent, sans les mots de passe ni le contenu des messages. Ouvrez-le avec Détails dans la barre d’état.</translation>
    </message>
    <message>
        <source>Offline cache</source>
        <translation>Cache hors connexion</translation>
    </message>
    <message>
        <source>C&amp;lear Cache...</source>
        <translation>&amp;Vider le cache...</translation>
    </message>
</context>
<context>
    <name>SettingsComposingPage</name>
    <message>
        <source>New messages</source>
        <translation>Nouveaux messages</translation>
    </message>
    <message>
        <source>&amp;Write in:</source>
        <translation>&amp;Écrire en :</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>Texte brut</translation>
    </message>
    <message>
        <source>HTML with basic formatting</source>
        <translation>HTML avec mise en forme simple</translation>
    </message>
    <message>
        <source>When &amp;replying:</source>
        <translation>Lors d’une &amp;réponse :</translation>
    </message>
    <message>
        <source>Start my reply below the quote</source>
        <translation>Commencer ma réponse sous la citation</translation>
    </message>
    <message>
        <source>Start my reply above the quote</source>
        <translation>Commencer ma réponse au-dessus de la citation</translation>
    </message>
    <message>
        <source>Save &amp;drafts every:</source>
        <translation>Enregistrer les &amp;brouillons toutes les :</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Spelling</source>
        <translation>Orthographe</translation>
    </message>
    <message>
        <source>Check &amp;spelling in:</source>
        <translation>Vérifier l’&amp;orthographe en :</translation>
    </message>
    <message>
        <source>Each account has its own signature: see Accounts.</source>
        <translation>Chaque compte a sa propre signature : voir Comptes.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Magpie Settings</source>
        <translation>Paramètres de Magpie</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>Pages des paramètres</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Comptes</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Lecture</translation>
    </message>
    <message>
        <source>Composing</source>
        <translation>Rédaction</translation>
    </message>
    <message>
        <source>Privacy &amp; Security</source>
        <translation>Vie privée et sécurité</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Avancé</translation>
    </message>
</context>
<context>
    <name>SettingsGeneralPage</name>
    <message>
        <source>Start-up</source>
        <translation>Démarrage</translation>
    </message>
    <message>
        <source>When Magpie starts, &amp;open:</source>
        <translation>Au démarrage de Magpie, &amp;ouvrir :</translation>
    </message>
    <message>
        <source>The folder I was reading last</source>
        <translation>Le dernier dossier que je lisais</translation>
    </message>
    <message>
        <source>The Inbox</source>
        <translation>La Boîte de réception</translation>
    </message>
    <message>
        <source>&amp;Check for new mail at start-up</source>
        <translation>&amp;Vérifier les nouveaux messages au démarrage</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <source>Show a &amp;notification when new mail arrives</source>
        <translation>Afficher une &amp;notification à l’arrivée de nouveaux messages</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Apparence</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>&amp;Disposition :</translation>
    </message>
    <message>
        <source>Wide: folders, messages and the message side by side</source>
        <translation>Large : dossiers, messages et message côte à côte</translation>
    </message>
    <message>
        <source>Classic: the message below the list</source>
        <translation>Classique : le message sous la liste</translation>
    </message>
    <message>
        <source>L&amp;anguage:</source>
        <translation>L&amp;angue :</translation>
    </message>
    <message>
        <source>Magpie uses a new language the next time it starts.</source>
        <translation>Magpie utilisera la nouvelle langue au prochain démarrage.</translation>
    </message>
    <message>
        <source>Default mail client</source>
        <translation>Client de messagerie par défaut</translation>
    </message>
    <message>
        <source>Magpie has not asked the system yet.</source>
        <translation>Magpie n’a pas encore interrogé le système.</translation>
    </message>
    <message>
        <source>Make Magpie the Default Mail Client</source>
        <translation>Faire de Magpie le client de messagerie par défaut</translation>
    </message>
    <message>
        <source>Open mail (mailto) links and saved messages (.eml files) with Magpie</source>
        <translation>Ouvrir les liens de courrier (mailto) et les messages enregistrés (fichiers .eml) avec Magpie</translation>
    </message>
</context>
<context>
    <name>SettingsPrivacyPage</name>
    <message>
        <source>Links and addresses</source>
        <translation>Liens et adresses</translation>
    </message>
    <message>
        <source>Show where a &amp;link really leads before opening it</source>
        <translation>Afficher la destination réelle d’un &amp;lien avant de l’ouvrir</translation>
    </message>
    <message>
        <source>&amp;Complete addresses from mail I received, not only from mail I sent</source>
        <translation>&amp;Compléter les adresses à partir du courrier reçu, pas seulement du courrier envoyé</translation>
    </message>
    <message>
        <source>Senders whose remote content is always shown</source>
        <translation>Expéditeurs dont le contenu distant est toujours affiché</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>Passwords</source>
        <translation>Mots de passe</translation>
    </message>
</context>
<context>
    <name>SettingsReadingPage</name>
    <message>
        <source>Show messages</source>
        <translation>Afficher les messages</translation>
    </message>
    <message>
        <source>As &amp;HTML when the sender wrote HTML (made safe first)</source>
        <translation>En &amp;HTML si l’expéditeur a écrit en HTML (sécurisé au préalable)</translation>
    </message>
    <message>
        <source>As &amp;plain text whenever the message has a plain text version</source>
        <translation>En &amp;texte brut chaque fois que le message en a une version texte brut</translation>
    </message>
    <message>
        <source>Remote content</source>
        <translation>Contenu distant</translation>
    </message>
    <message>
        <source>&amp;Block remote images, fonts and style sheets</source>
        <translation>&amp;Bloquer les images, polices et feuilles de style distantes</translation>
    </message>
    <message>
        <source>Remote content tells the sender when and where you read a message. When it is blocked, a bar above the message lets you show it once or always for that sender.</source>
        <translation>Le contenu distant indique à l’expéditeur quand et où vous lisez un message. Lorsqu’il est bloqué, une barre au-dessus du message permet de l’afficher une fois ou toujours pour cet expéditeur.</translation>
    </message>
    <message>
        <source>Mark messages as read</source>
        <translation>Marquer les messages comme lus</translation>
    </message>
    <message>
        <source>As soon as they are &amp;shown</source>
        <translation>&amp;Dès qu’ils sont affichés</translation>
    </message>
    <message>
        <source>&amp;After being shown for</source>
        <translation>&amp;Après avoir été affichés pendant</translation>
    </message>
    <message>
        <source>Seconds before a shown message is marked as read</source>
        <translation>Nombre de secondes avant qu’un message affiché soit marqué comme lu</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>&amp;Only when I mark them myself</source>
        <translation>&amp;Uniquement quand je les marque moi-même</translation>
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
        <source>Connect to a mail server as Magpie would and show what it offers: TLS version, certificate and fingerprint, capabilities, whether the login works, and for IMAP the folders. The password comes from MAGPIE_PASSWORD or a prompt.</source>
        <translation>Se connecter à un serveur de messagerie comme le ferait Magpie et afficher ce qu’il propose : version de TLS, certificat et empreinte, capacités, si l’authentification fonctionne et, pour IMAP, les dossiers. Le mot de passe provient de MAGPIE_PASSWORD ou est demandé à l’invite.</translation>
    </message>
    <message>
        <source>imap://, imaps://, pop3://, pop3s://, smtp:// or smtps://, as user@host:port; ?starttls=required for STARTTLS.</source>
        <translation>imap://, imaps://, pop3://, pop3s://, smtp:// ou smtps://, sous la forme user@host:port ; ?starttls=required pour STARTTLS.</translation>
    </message>
    <message>
        <source>List the cached messages of a folder, newest first: date (UTC), sender address, subject and flags, separated by tabs. Reads the profile&apos;s cache only; run magpie-cli sync to bring it up to date.</source>
        <translation>Lister les messages en cache d’un dossier, du plus récent au plus ancien : date (UTC), adresse de l’expéditeur, sujet et indicateurs, séparés par des tabulations. Lit uniquement le cache du profil ; lancez magpie-cli sync pour le mettre à jour.</translation>
    </message>
    <message>
        <source>The folder: INBOX, Lists/Qt, ...</source>
        <translation>Le dossier : INBOX, Lists/Qt, ...</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <source>The account, when several have the folder (the id magpie-cli sync printed, e.g. imap:alice@host:993).</source>
        <translation>Le compte, si plusieurs comptes ont ce dossier (l’identifiant affiché par magpie-cli sync, par exemple imap:alice@host:993).</translation>
    </message>
    <message>
        <source>id</source>
        <translation>id</translation>
    </message>
    <message>
        <source>At most this many messages.</source>
        <translation>Au plus ce nombre de messages.</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Show the outbox: the messages waiting to be sent, one per line, separated by tabs: number, account, state, failed attempts, next attempt (UTC), subject, last error. Nothing is sent from here; the account&apos;s sync sends.</source>
        <translation>Afficher la boîte d’envoi : les messages en attente d’envoi, un par ligne, séparés par des tabulations : numéro, compte, état, tentatives échouées, prochaine tentative (UTC), sujet, dernière erreur. Rien n’est envoyé d’ici ; l’envoi a lieu lors de la synchronisation du compte.</translation>
    </message>
    <message>
        <source>Only this account&apos;s messages.</source>
        <translation>Uniquement les messages de ce compte.</translation>
    </message>
    <message>
        <source>Queue this failed or unconfirmed message again. An unconfirmed one may have reached its recipients already.</source>
        <translation>Remettre en file d’attente ce message en échec ou non confirmé. Un message non confirmé a peut-être déjà atteint ses destinataires.</translation>
    </message>
    <message>
        <source>number</source>
        <translation>numéro</translation>
    </message>
    <message>
        <source>Remove this message from the outbox.</source>
        <translation>Retirer ce message de la boîte d’envoi.</translation>
    </message>
    <message>
        <source>Search the cached mail: every word must match (as a prefix) the subject, an address or the text; &quot;quoted phrases&quot; and from:, to:, subject: work as in Magpie&apos;s search field. One line per hit, newest first: date (UTC), sender address, subject, flags and folder, separated by tabs.</source>
        <translation>Rechercher dans le courrier en cache : chaque mot doit correspondre (comme préfixe) au sujet, à une adresse ou au texte ; les &quot;expressions entre guillemets&quot; et from:, to:, subject: fonctionnent comme dans le champ de recherche de Magpie. Une ligne par résultat, du plus récent au plus ancien : date (UTC), adresse de l’expéditeur, sujet, indicateurs et dossier, séparés par des tabulations.</translation>
    </message>
    <message>
        <source>What to look for.</source>
        <translation>Ce qu’il faut rechercher.</translation>
    </message>
    <message>
        <source>Only this account&apos;s mail.</source>
        <translation>Uniquement le courrier de ce compte.</translation>
    </message>
    <message>
        <source>At most this many hits. Default: 200.</source>
        <translation>Au plus ce nombre de résultats. Par défaut : 200.</translation>
    </message>
    <message>
        <source>Sync an IMAP or POP3 account into the profile&apos;s mail cache, as Magpie does in the background, and say what it did. The password comes from MAGPIE_PASSWORD or a prompt; the account is saved in the profile&apos;s magpie.ini (without the password).</source>
        <translation>Synchroniser un compte IMAP ou POP3 dans le cache de courrier du profil, comme Magpie le fait en arrière-plan, et indiquer ce qui a été fait. Le mot de passe provient de MAGPIE_PASSWORD ou est demandé à l’invite ; le compte est enregistré dans le fichier magpie.ini du profil (sans le mot de passe).</translation>
    </message>
    <message>
        <source>imap://, imaps://, pop3:// or pop3s://, as user@host:port; ?starttls=required for STARTTLS.</source>
        <translation>imap://, imaps://, pop3:// ou pop3s://, sous la forme user@host:port ; ?starttls=required pour STARTTLS.</translation>
    </message>
    <message>
        <source>Sync only this IMAP folder (INBOX, Lists/Qt).</source>
        <translation>Synchroniser uniquement ce dossier IMAP (INBOX, Lists/Qt).</translation>
    </message>
    <message>
        <source>Append what the sync did, step by step, to this file (no passwords, no message contents).</source>
        <translation>Ajouter à ce fichier, étape par étape, ce qu’a fait la synchronisation (ni mots de passe, ni contenu des messages).</translation>
    </message>
    <message>
        <source>file</source>
        <translation>fichier</translation>
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
        <translation>Les moteurs de messagerie de Magpie en ligne de commande.

Commandes :
  check URL      se connecter à un serveur IMAP, POP3 ou SMTP et afficher
                 son TLS, son certificat, ses capacités, le résultat de
                 l’authentification et ses dossiers
  inspect FILE   afficher la structure et le texte d’un message en JSON
  send --smtp URL --from ADDR --to ADDR ...
                 rédiger un message (texte, pièces jointes) et l’envoyer
  sync URL       synchroniser un compte IMAP ou POP3 dans le cache du profil
  list --folder NAME
                 les messages en cache d’un dossier, du plus récent au plus
                 ancien
  search QUERY   recherche en texte intégral dans le courrier en cache
  outbox         les messages en attente d’envoi, et pourquoi ils attendent

Lancez magpie-cli COMMANDE --help pour voir les options d’une commande.</translation>
    </message>
</context>
<context>
    <name>magpie::app::AboutDialog</name>
    <message>
        <source>Magpie&apos;s icon</source>
        <translation>Icône de Magpie</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Magpie %1&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Magpie %1&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Magpie is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License, version 3 or (at your option) any later version (GPL-3.0-or-later). It comes with no warranty. See the GNU GPL tab for the full text.</source>
        <translation>Magpie est un logiciel libre : vous pouvez le redistribuer et/ou le modifier selon les termes de la licence publique générale GNU (GNU General Public License), version 3 ou (à votre choix) toute version ultérieure (GPL-3.0-or-later). Il est fourni sans aucune garantie. Consultez l’onglet GNU GPL pour le texte complet.</translation>
    </message>
    <message>
        <source>Copied. Paste it into your bug report.</source>
        <translation>Copié. Collez-le dans votre rapport de bogue.</translation>
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

Copyright les développeurs de Magpie. Distribué sous la licence publique générale GNU (GNU General Public License), version 3 ou ultérieure (GPL-3.0-or-later).

## Composants

Magpie repose sur ces bibliothèques, chacune sous sa propre licence :

- **Qt** %1 : GNU Lesser General Public License, version 3 (LGPL-3.0-only). &lt;https://www.qt.io/&gt;
- **QtKeychain** : BSD 3-Clause License (BSD-3-Clause). &lt;https://github.com/frankosterfeld/qtkeychain&gt;
- **SQLite** %2 : domaine public. &lt;https://sqlite.org/&gt;
- **OpenSSL**, utilisé par Qt pour les connexions sécurisées lorsque le moteur OpenSSL de Qt est actif : Apache License 2.0 (Apache-2.0). &lt;https://www.openssl.org/&gt;

</translation>
    </message>
</context>
<context>
    <name>magpie::app::AccountProbe</name>
    <message>
        <source>Connecting to %1...</source>
        <translation>Connexion à %1...</translation>
    </message>
    <message>
        <source>The server closed the connection.</source>
        <translation>Le serveur a fermé la connexion.</translation>
    </message>
    <message>
        <source>Logging in to %1...</source>
        <translation>Identification sur %1...</translation>
    </message>
</context>
<context>
    <name>magpie::app::AccountSetupDialog</name>
    <message>
        <source>&amp;Done</source>
        <translation>&amp;Terminé</translation>
    </message>
    <message>
        <source>Enter the server settings your provider gives, then press Test.</source>
        <translation>Saisissez les paramètres de serveur fournis par votre fournisseur, puis appuyez sur Tester.</translation>
    </message>
    <message>
        <source>Without encryption, your password and mail cross the network readable by anyone on the way. Choose it only for a server on this computer.</source>
        <translation>Sans chiffrement, votre mot de passe et votre courrier traversent le réseau lisibles par quiconque sur le trajet. Ne choisissez cette option que pour un serveur situé sur cet ordinateur.</translation>
    </message>
    <message>
        <source>Looking up %1 in Magpie&apos;s list of providers...</source>
        <translation>Recherche de %1 dans la liste des fournisseurs de Magpie...</translation>
    </message>
    <message>
        <source>Asking %1 for its mail configuration...</source>
        <translation>Demande de sa configuration de courrier à %1...</translation>
    </message>
    <message>
        <source>Looking for mail service records of %1 in DNS...</source>
        <translation>Recherche des enregistrements de service de courrier de %1 dans le DNS...</translation>
    </message>
    <message>
        <source>Trying common server names for %1...</source>
        <translation>Essai des noms de serveur courants pour %1...</translation>
    </message>
    <message>
        <source>Magpie could not find the servers for %1. Enter the settings your provider gives, then press Test.</source>
        <translation>Magpie n’a pas trouvé les serveurs de %1. Saisissez les paramètres fournis par votre fournisseur, puis appuyez sur Tester.</translation>
    </message>
    <message>
        <source>Enter your whole email address, like alice@example.com.</source>
        <translation>Saisissez votre adresse électronique complète, comme alice@example.com.</translation>
    </message>
    <message>
        <source>Magpie found these settings in %1.</source>
        <translation>Magpie a trouvé ces paramètres dans %1.</translation>
    </message>
    <message>
        <source>Magpie found the settings for %1 in %2.</source>
        <translation>Magpie a trouvé les paramètres de %1 dans %2.</translation>
    </message>
    <message>
        <source>They are a guess: press Test to see whether they work.</source>
        <translation>Il s’agit d’une supposition : appuyez sur Tester pour vérifier s’ils fonctionnent.</translation>
    </message>
    <message>
        <source>No outgoing server was found; without one this account cannot send.</source>
        <translation>Aucun serveur sortant n’a été trouvé ; sans serveur sortant, ce compte ne peut pas envoyer de courrier.</translation>
    </message>
    <message>
        <source>Press Done to test them and add the account.</source>
        <translation>Appuyez sur Terminé pour les tester et ajouter le compte.</translation>
    </message>
    <message>
        <source>The settings work: Magpie logged in to %1. This account cannot send mail until an outgoing server is set.</source>
        <translation>Les paramètres fonctionnent : Magpie s’est identifié sur %1. Ce compte ne pourra pas envoyer de courrier tant qu’un serveur sortant n’est pas défini.</translation>
    </message>
    <message>
        <source>The settings work: Magpie logged in to %1 and %2. Press Done to add the account.</source>
        <translation>Les paramètres fonctionnent : Magpie s’est identifié sur %1 et %2. Appuyez sur Terminé pour ajouter le compte.</translation>
    </message>
    <message>
        <source>Incoming server %1: %2</source>
        <translation>Serveur entrant %1 : %2</translation>
    </message>
    <message>
        <source>Outgoing server %1: %2</source>
        <translation>Serveur sortant %1 : %2</translation>
    </message>
    <message>
        <source>Check the password and the user name, then press Test again.</source>
        <translation>Vérifiez le mot de passe et le nom d’utilisateur, puis appuyez à nouveau sur Tester.</translation>
    </message>
    <message>
        <source>Check the server name, the port and the security, then press Test again.</source>
        <translation>Vérifiez le nom du serveur, le port et la sécurité, puis appuyez à nouveau sur Tester.</translation>
    </message>
    <message>
        <source>The account could not be saved: %1</source>
        <translation>Le compte n’a pas pu être enregistré : %1</translation>
    </message>
</context>
<context>
    <name>magpie::app::AccountSetupForm</name>
    <message>
        <source>Enter your name as others should see it.</source>
        <translation>Saisissez votre nom tel que les autres doivent le voir.</translation>
    </message>
    <message>
        <source>The name must not contain line breaks or control characters.</source>
        <translation>Le nom ne doit pas contenir de sauts de ligne ni de caractères de contrôle.</translation>
    </message>
    <message>
        <source>Enter your whole email address, like alice@example.com.</source>
        <translation>Saisissez votre adresse électronique complète, comme alice@example.com.</translation>
    </message>
    <message>
        <source>Enter the incoming server, like imap.example.com.</source>
        <translation>Saisissez le serveur entrant, comme imap.example.com.</translation>
    </message>
    <message>
        <source>“%1” is not a server name: use letters, digits, dots and hyphens only.</source>
        <translation>« %1 » n’est pas un nom de serveur : utilisez uniquement des lettres, des chiffres, des points et des traits d’union.</translation>
    </message>
    <message>
        <source>Enter the user name for the incoming server (usually your email address).</source>
        <translation>Saisissez le nom d’utilisateur du serveur entrant (généralement votre adresse électronique).</translation>
    </message>
    <message>
        <source>The user name must not contain control characters.</source>
        <translation>Le nom d’utilisateur ne doit pas contenir de caractères de contrôle.</translation>
    </message>
    <message>
        <source>Enter the password of the account.</source>
        <translation>Saisissez le mot de passe du compte.</translation>
    </message>
</context>
<context>
    <name>magpie::app::AccountStatusBar</name>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Show the connection log of this account</source>
        <translation>Afficher le journal de connexion de ce compte</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Magpie will try again on its own.</source>
        <translation>Magpie réessaiera de lui-même.</translation>
    </message>
    <message>
        <source>Magpie waits for you to fix this.</source>
        <translation>Magpie attend que vous corrigiez ce problème.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 (and %n more accounts)</source>
        <translation>
            <numerusform>%1 : %2 (et %n autre compte)</numerusform>
            <numerusform>%1 : %2 (et %n autres comptes)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>magpie::app::AttachmentBar</name>
    <message>
        <source>Save All...</source>
        <translation>Tout enregistrer...</translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s), %1</source>
        <translation>
            <numerusform>%n pièce jointe, %1</numerusform>
            <numerusform>%n pièces jointes, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is a program or a script. Magpie does not start programs from messages: save it, and run it only if you trust its sender.</source>
        <translation>%1 est un programme ou un script. Magpie ne lance pas de programmes depuis les messages : enregistrez-le, et ne l’exécutez que si vous faites confiance à son expéditeur.</translation>
    </message>
    <message>
        <source>No program is set up to open %1. Save it and open it from your file manager.</source>
        <translation>Aucun programme n’est configuré pour ouvrir %1. Enregistrez-le et ouvrez-le depuis votre gestionnaire de fichiers.</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>pièce jointe</translation>
    </message>
    <message>
        <source>Save Attachment</source>
        <translation>Enregistrer la pièce jointe</translation>
    </message>
    <message>
        <source>Save All Attachments</source>
        <translation>Enregistrer toutes les pièces jointes</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Pièce jointe</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Ouvrir</translation>
    </message>
    <message>
        <source>&amp;Save As...</source>
        <translation>&amp;Enregistrer sous...</translation>
    </message>
    <message>
        <source>Save &amp;All...</source>
        <translation>&amp;Tout enregistrer...</translation>
    </message>
</context>
<context>
    <name>magpie::app::AttachmentCopies</name>
    <message>
        <source>Could not create a temporary folder: %1. Check the free space in %2.</source>
        <translation>Impossible de créer un dossier temporaire : %1. Vérifiez l’espace libre dans %2.</translation>
    </message>
    <message>
        <source>Could not create the temporary folder %1.</source>
        <translation>Impossible de créer le dossier temporaire %1.</translation>
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
        <translation>Message transféré</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>pièce jointe</translation>
    </message>
    <message>
        <source>The folder %1 does not exist. Choose another folder.</source>
        <translation>Le dossier %1 n’existe pas. Choisissez un autre dossier.</translation>
    </message>
    <message>
        <source>The file name %1 is not allowed.</source>
        <translation>Le nom de fichier %1 n’est pas autorisé.</translation>
    </message>
    <message>
        <source>Could not save %1 in %2: %3. Check that the folder is writable.</source>
        <translation>Impossible d’enregistrer %1 dans %2 : %3. Vérifiez que le dossier est accessible en écriture.</translation>
    </message>
    <message>
        <source>Could not save %1: %2. Check the free space on the disk.</source>
        <translation>Impossible d’enregistrer %1 : %2. Vérifiez l’espace libre sur le disque.</translation>
    </message>
    <message>
        <source>Could not find a free file name for %1 in %2.</source>
        <translation>Impossible de trouver un nom de fichier libre pour %1 dans %2.</translation>
    </message>
    <message>
        <source>Could not save %1: %2.</source>
        <translation>Impossible d’enregistrer %1 : %2.</translation>
    </message>
</context>
<context>
    <name>magpie::app::AutoconfigFetch</name>
    <message>
        <source>only HTTPS is used for configuration files.</source>
        <translation>seul HTTPS est utilisé pour les fichiers de configuration.</translation>
    </message>
    <message>
        <source>the file was not served over HTTPS.</source>
        <translation>le fichier n’a pas été servi en HTTPS.</translation>
    </message>
    <message>
        <source>the file lists no server Magpie can use safely.</source>
        <translation>le fichier ne mentionne aucun serveur que Magpie puisse utiliser en toute sécurité.</translation>
    </message>
</context>
<context>
    <name>magpie::app::BuildInformation</name>
    <message>
        <source>an unknown compiler</source>
        <translation>un compilateur inconnu</translation>
    </message>
    <message>
        <source>optimised (NDEBUG)</source>
        <translation>optimisé (NDEBUG)</translation>
    </message>
    <message>
        <source>debug</source>
        <translation>débogage</translation>
    </message>
    <message>
        <source>none (secure connections are not possible)</source>
        <translation>aucune (les connexions sécurisées sont impossibles)</translation>
    </message>
    <message>
        <source>%1 (Qt TLS backend: %2)</source>
        <translation>%1 (moteur TLS de Qt : %2)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1, %2, kernel %3 %4</source>
        <translation>%1, %2, noyau %3 %4</translation>
    </message>
    <message>
        <source>unknown (the SQLite driver is missing)</source>
        <translation>inconnue (le pilote SQLite est absent)</translation>
    </message>
    <message>
        <source>Magpie version</source>
        <translation>Version de Magpie</translation>
    </message>
    <message>
        <source>Git commit</source>
        <translation>Commit Git</translation>
    </message>
    <message>
        <source>Qt (built with)</source>
        <translation>Qt (compilé avec)</translation>
    </message>
    <message>
        <source>Qt (running)</source>
        <translation>Qt (en cours d’exécution)</translation>
    </message>
    <message>
        <source>Compiler</source>
        <translation>Compilateur</translation>
    </message>
    <message>
        <source>Build type</source>
        <translation>Type de compilation</translation>
    </message>
    <message>
        <source>Built for</source>
        <translation>Compilé pour</translation>
    </message>
    <message>
        <source>Running on</source>
        <translation>Exécuté sur</translation>
    </message>
    <message>
        <source>TLS library</source>
        <translation>Bibliothèque TLS</translation>
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
        <translation>Le fichier de configuration est plus grand que n’importe quel fichier réel (%1 octets).</translation>
    </message>
    <message>
        <source>The configuration file declares a document type, which real configuration files never do; it was not used.</source>
        <translation>Le fichier de configuration déclare un type de document, ce que les vrais fichiers de configuration ne font jamais ; il n’a pas été utilisé.</translation>
    </message>
    <message>
        <source>The file is not a mail client configuration (it has no clientConfig element).</source>
        <translation>Le fichier n’est pas une configuration de client de courrier (il n’a pas d’élément clientConfig).</translation>
    </message>
    <message>
        <source>The configuration file is not well-formed XML (line %1: %2).</source>
        <translation>Le fichier de configuration n’est pas du XML bien formé (ligne %1 : %2).</translation>
    </message>
    <message>
        <source>The configuration file describes no mail provider.</source>
        <translation>Le fichier de configuration ne décrit aucun fournisseur de courrier.</translation>
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
    <message>
        <source>Open the local demo mailbox (a small mail server inside Magpie, seeded with example messages); nothing leaves this computer.</source>
        <translation>Ouvrir la boîte aux lettres de démonstration locale (un petit serveur de courrier intégré à Magpie, garni de messages d’exemple) ; rien ne quitte cet ordinateur.</translation>
    </message>
    <message>
        <source>Keep settings, the mail cache and the demo mailbox in &lt;dir&gt; instead of your user profile (also MAGPIE_PROFILE).</source>
        <translation>Conserver les paramètres, le cache du courrier et la boîte aux lettres de démonstration dans &lt;dir&gt; au lieu de votre profil utilisateur (aussi MAGPIE_PROFILE).</translation>
    </message>
    <message>
        <source>Save pictures of the main window, the composer and the settings dialog into &lt;dir&gt; and quit.</source>
        <translation>Enregistrer des images de la fenêtre principale, de la fenêtre de rédaction et de la boîte de dialogue des paramètres dans &lt;dir&gt;, puis quitter.</translation>
    </message>
    <message>
        <source>mailto: links (RFC 6068) to write a message to, or saved messages (.eml files) to read.</source>
        <translation>Liens mailto: (RFC 6068) pour écrire un message, ou messages enregistrés (fichiers .eml) à lire.</translation>
    </message>
    <message>
        <source>%1 is neither a mailto: link nor a saved message (.eml) file; Magpie only opens those.</source>
        <translation>%1 n’est ni un lien mailto: ni un fichier de message enregistré (.eml) ; Magpie n’ouvre que ceux-ci.</translation>
    </message>
</context>
<context>
    <name>magpie::app::ComposerWindow</name>
    <message>
        <source>No account can send yet. Add one in Settings &gt; Accounts, then write again.</source>
        <translation>Aucun compte ne peut encore envoyer de courrier. Ajoutez-en un dans Paramètres &gt; Comptes, puis écrivez à nouveau.</translation>
    </message>
    <message>
        <source>Attach Files</source>
        <translation>Joindre des fichiers</translation>
    </message>
    <message>
        <source>Pasted image %1.png</source>
        <translation>Image collée %1.png</translation>
    </message>
    <message>
        <source>The link also asked to set %1; Magpie leaves those out, as a link may not choose them.</source>
        <translation>Le lien demandait aussi de définir %1 ; Magpie les ignore, car un lien ne peut pas les choisir.</translation>
    </message>
    <message>
        <source>Some files were not attached</source>
        <translation>Certains fichiers n’ont pas été joints</translation>
    </message>
    <message>
        <source>Write: (no subject)[*]</source>
        <translation>Écrire : (sans sujet)[*]</translation>
    </message>
    <message>
        <source>Write: %1[*]</source>
        <translation>Écrire : %1[*]</translation>
    </message>
    <message>
        <source>No attachments. Drop files anywhere on this window to attach them.</source>
        <translation>Aucune pièce jointe. Déposez des fichiers n’importe où sur cette fenêtre pour les joindre.</translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s), %1</source>
        <translation>
            <numerusform>%n pièce jointe, %1</numerusform>
            <numerusform>%n pièces jointes, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The draft could not be saved</source>
        <translation>Le brouillon n’a pas pu être enregistré</translation>
    </message>
    <message>
        <source>The draft could not be saved: %1</source>
        <translation>Le brouillon n’a pas pu être enregistré : %1</translation>
    </message>
    <message>
        <source>the cache refused it.</source>
        <translation>le cache l’a refusé.</translation>
    </message>
    <message>
        <source>Draft not saved</source>
        <translation>Brouillon non enregistré</translation>
    </message>
    <message>
        <source>Draft saved at %1.</source>
        <translation>Brouillon enregistré à %1.</translation>
    </message>
    <message>
        <source>Forgotten attachment?</source>
        <translation>Pièce jointe oubliée ?</translation>
    </message>
    <message>
        <source>The message mentions &quot;%1&quot;, but no file is attached.</source>
        <translation>Le message mentionne « %1 », mais aucun fichier n’est joint.</translation>
    </message>
    <message>
        <source>&amp;Attach Files...</source>
        <translation>&amp;Joindre des fichiers...</translation>
    </message>
    <message>
        <source>&amp;Send Anyway</source>
        <translation>&amp;Envoyer quand même</translation>
    </message>
    <message>
        <source>The message was not sent</source>
        <translation>Le message n’a pas été envoyé</translation>
    </message>
    <message>
        <source>The outbox could not take the message.</source>
        <translation>La boîte d’envoi n’a pas pu accepter le message.</translation>
    </message>
    <message>
        <source>Save this message?</source>
        <translation>Enregistrer ce message ?</translation>
    </message>
    <message>
        <source>The message has not been sent. Save it as a draft to finish it later?</source>
        <translation>Le message n’a pas été envoyé. L’enregistrer comme brouillon pour le terminer plus tard ?</translation>
    </message>
</context>
<context>
    <name>magpie::app::ConnectionLogBook</name>
    <message>
        <source>Stopped.</source>
        <translation>Arrêté.</translation>
    </message>
    <message>
        <source>Connecting.</source>
        <translation>Connexion.</translation>
    </message>
    <message>
        <source>Synchronizing.</source>
        <translation>Synchronisation.</translation>
    </message>
    <message>
        <source>Online.</source>
        <translation>En ligne.</translation>
    </message>
    <message>
        <source>Waiting to reconnect.</source>
        <translation>En attente de reconnexion.</translation>
    </message>
    <message>
        <source>Stopped until you act (see the problem above).</source>
        <translation>Arrêté jusqu’à votre intervention (voir le problème ci-dessus).</translation>
    </message>
    <message>
        <source>Problem (will retry): %1</source>
        <translation>Problème (nouvel essai prévu) : %1</translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation>Problème : %1</translation>
    </message>
    <message>
        <source>(The connection log is off: only events are shown. Turn it on in Settings &gt; Advanced to see each command and reply, without passwords or message contents.)</source>
        <translation>(Le journal de connexion est désactivé : seuls les événements sont affichés. Activez-le dans Paramètres &gt; Avancé pour voir chaque commande et réponse, sans les mots de passe ni le contenu des messages.)</translation>
    </message>
</context>
<context>
    <name>magpie::app::ConnectionLogDialog</name>
    <message>
        <source>Connection Log - %1</source>
        <translation>Journal de connexion - %1</translation>
    </message>
    <message>
        <source>Nothing was logged for this account yet.</source>
        <translation>Rien n’a encore été journalisé pour ce compte.</translation>
    </message>
</context>
<context>
    <name>magpie::app::DefaultMailClient</name>
    <message>
        <source>Making Magpie the default mail client…</source>
        <translation>Définition de Magpie comme client de messagerie par défaut…</translation>
    </message>
    <message>
        <source>Checking which program handles mail links…</source>
        <translation>Recherche du programme qui gère les liens de courrier…</translation>
    </message>
    <message>
        <source>Magpie is your default mail client.</source>
        <translation>Magpie est votre client de messagerie par défaut.</translation>
    </message>
    <message>
        <source>Another program handles mail links (%1).</source>
        <translation>Un autre programme gère les liens de courrier (%1).</translation>
    </message>
    <message>
        <source>No program is set to handle mail links.</source>
        <translation>Aucun programme n’est défini pour gérer les liens de courrier.</translation>
    </message>
    <message>
        <source>Cannot tell which program handles mail links: %1</source>
        <translation>Impossible de savoir quel programme gère les liens de courrier : %1</translation>
    </message>
    <message>
        <source>Choose the Default Mail Client in Windows Settings…</source>
        <translation>Choisir le client de messagerie par défaut dans les Paramètres Windows…</translation>
    </message>
    <message>
        <source>Make Magpie the Default Mail Client</source>
        <translation>Faire de Magpie le client de messagerie par défaut</translation>
    </message>
    <message>
        <source>The system accepted Magpie as the default mail client but still names %1 for mail links. Your desktop&apos;s own settings may override it: choose Magpie there as the program for mail (mailto) links.</source>
        <translation>Le système a accepté Magpie comme client de messagerie par défaut, mais indique toujours %1 pour les liens de courrier. Les paramètres propres à votre bureau peuvent avoir la priorité : choisissez-y Magpie comme programme pour les liens de courrier (mailto).</translation>
    </message>
    <message>
        <source>The system accepted Magpie as the default mail client but does not report it afterwards. Choose Magpie in your system&apos;s settings for default applications.</source>
        <translation>Le système a accepté Magpie comme client de messagerie par défaut, mais ne l’indique pas ensuite. Choisissez Magpie dans les paramètres d’applications par défaut de votre système.</translation>
    </message>
    <message>
        <source>this system has no default mail client setting that Magpie knows.</source>
        <translation>ce système n’a aucun réglage de client de messagerie par défaut connu de Magpie.</translation>
    </message>
    <message>
        <source>Magpie cannot make itself the default mail client on this system.</source>
        <translation>Magpie ne peut pas se définir comme client de messagerie par défaut sur ce système.</translation>
    </message>
    <message>
        <source>macOS refused to make Magpie the handler of mail links (Launch Services error %1). Move Magpie into the Applications folder, open it once from there and try again.</source>
        <translation>macOS a refusé de faire de Magpie le gestionnaire des liens de courrier (erreur Launch Services %1). Déplacez Magpie dans le dossier Applications, ouvrez-le une fois depuis cet emplacement et réessayez.</translation>
    </message>
    <message>
        <source>Magpie now handles mail links, but macOS refused to let it open saved messages (.eml files, Launch Services error %1). Choose Magpie for them with Finder&apos;s Get Info &gt; Open with &gt; Change All.</source>
        <translation>Magpie gère désormais les liens de courrier, mais macOS a refusé de le laisser ouvrir les messages enregistrés (fichiers .eml, erreur Launch Services %1). Choisissez Magpie pour ces fichiers dans le Finder avec Lire les informations &gt; Ouvrir avec &gt; Tout modifier.</translation>
    </message>
    <message>
        <source>Windows did not open its Default apps settings. Open Settings &gt; Apps &gt; Default apps and choose Magpie for mail (MAILTO) links.</source>
        <translation>Windows n’a pas ouvert ses paramètres Applications par défaut. Ouvrez Paramètres &gt; Applications &gt; Applications par défaut et choisissez Magpie pour les liens de courrier (MAILTO).</translation>
    </message>
    <message>
        <source>Magpie is not registered with Windows (it was not installed with its installer), so it is not offered in Default apps. Install Magpie with its installer and try again.</source>
        <translation>Magpie n’est pas enregistré auprès de Windows (il n’a pas été installé avec son programme d’installation) ; il n’est donc pas proposé dans Applications par défaut. Installez Magpie avec son programme d’installation et réessayez.</translation>
    </message>
    <message>
        <source>it did not understand the command</source>
        <translation>il n’a pas compris la commande</translation>
    </message>
    <message>
        <source>a file it needs does not exist</source>
        <translation>un fichier dont il a besoin n’existe pas</translation>
    </message>
    <message>
        <source>a tool it needs is not installed</source>
        <translation>un outil dont il a besoin n’est pas installé</translation>
    </message>
    <message>
        <source>the action failed</source>
        <translation>l’action a échoué</translation>
    </message>
    <message>
        <source>it has no permission to write the file</source>
        <translation>il n’a pas l’autorisation d’écrire le fichier</translation>
    </message>
    <message>
        <source>it stopped with exit code %1</source>
        <translation>il s’est arrêté avec le code de sortie %1</translation>
    </message>
    <message>
        <source>xdg-mime is not installed. Install the xdg-utils package.</source>
        <translation>xdg-mime n’est pas installé. Installez le paquet xdg-utils.</translation>
    </message>
    <message>
        <source>xdg-mime could not be run (%1).</source>
        <translation>Impossible d’exécuter xdg-mime (%1).</translation>
    </message>
    <message>
        <source>xdg-mime could not answer: %1.</source>
        <translation>xdg-mime n’a pas pu répondre : %1.</translation>
    </message>
    <message>
        <source>Magpie cannot make itself the default mail client because xdg-mime is not installed. Install the xdg-utils package and try again.</source>
        <translation>Magpie ne peut pas se définir comme client de messagerie par défaut, car xdg-mime n’est pas installé. Installez le paquet xdg-utils et réessayez.</translation>
    </message>
    <message>
        <source>Magpie&apos;s desktop file %1 is not installed, so the desktop could not start Magpie for mail links. Install Magpie from its package (or copy installer/linux/%1 into ~/.local/share/applications) and try again.</source>
        <translation>Le fichier desktop %1 de Magpie n’est pas installé ; le bureau n’a donc pas pu lancer Magpie pour les liens de courrier. Installez Magpie depuis son paquet (ou copiez installer/linux/%1 dans ~/.local/share/applications) et réessayez.</translation>
    </message>
    <message>
        <source>Magpie could not run xdg-mime to make itself the default mail client (%1).</source>
        <translation>Magpie n’a pas pu exécuter xdg-mime pour se définir comme client de messagerie par défaut (%1).</translation>
    </message>
    <message>
        <source>xdg-mime could not make Magpie the default mail client: %1.</source>
        <translation>xdg-mime n’a pas pu faire de Magpie le client de messagerie par défaut : %1.</translation>
    </message>
</context>
<context>
    <name>magpie::app::DemoMailbox</name>
    <message>
        <source>Cannot create the demo mailbox folder %1. Check that the profile folder is writable, or start Magpie with --profile and another folder.</source>
        <translation>Impossible de créer le dossier de la boîte aux lettres de démonstration %1. Vérifiez que le dossier du profil est accessible en écriture, ou démarrez Magpie avec --profile et un autre dossier.</translation>
    </message>
    <message>
        <source>The demo mailbox could not be started: %1</source>
        <translation>La boîte aux lettres de démonstration n’a pas pu être démarrée : %1</translation>
    </message>
    <message>
        <source>Demo mailbox</source>
        <translation>Boîte aux lettres de démonstration</translation>
    </message>
    <message>
        <source>Robin Demo</source>
        <translation>Robin Démo</translation>
    </message>
</context>
<context>
    <name>magpie::app::DemoSeed</name>
    <message>
        <source>The demo messages are missing from this build of Magpie.</source>
        <translation>Les messages de démonstration sont absents de cette version de Magpie.</translation>
    </message>
    <message>
        <source>The demo message %1 is missing from this build of Magpie.</source>
        <translation>Le message de démonstration %1 est absent de cette version de Magpie.</translation>
    </message>
    <message>
        <source>The demo mailbox could not be filled: %1</source>
        <translation>La boîte aux lettres de démonstration n’a pas pu être remplie : %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
</context>
<context>
    <name>magpie::app::FolderMenu</name>
    <message>
        <source>No other folder</source>
        <translation>Aucun autre dossier</translation>
    </message>
</context>
<context>
    <name>magpie::app::MailServerProposal</name>
    <message>
        <source>Magpie&apos;s list of mail providers</source>
        <translation>la liste des fournisseurs de courrier de Magpie</translation>
    </message>
    <message>
        <source>the configuration file published by the domain</source>
        <translation>le fichier de configuration publié par le domaine</translation>
    </message>
    <message>
        <source>the domain&apos;s DNS service records</source>
        <translation>les enregistrements de service DNS du domaine</translation>
    </message>
    <message>
        <source>commonly used server names</source>
        <translation>les noms de serveur couramment utilisés</translation>
    </message>
    <message>
        <source>This provider</source>
        <translation>Ce fournisseur</translation>
    </message>
    <message>
        <source>%1 refuses the password you use on its web site in mail programs: create an app password in its account security settings and enter that one here.</source>
        <translation>%1 refuse dans les logiciels de courrier le mot de passe que vous utilisez sur son site web : créez un mot de passe d’application dans les paramètres de sécurité de votre compte et saisissez-le ici.</translation>
    </message>
    <message>
        <source>%1 is replacing passwords with OAuth 2.0 sign-in, which this version of Magpie cannot do yet; the login may be refused.</source>
        <translation>%1 remplace les mots de passe par la connexion OAuth 2.0, que cette version de Magpie ne prend pas encore en charge ; l’identification peut être refusée.</translation>
    </message>
    <message>
        <source>%1 is reached through a program on this computer: start it first, and use the password it shows, not your account password.</source>
        <translation>%1 est accessible via un programme sur cet ordinateur : démarrez-le d’abord, et utilisez le mot de passe qu’il affiche, pas celui de votre compte.</translation>
    </message>
    <message>
        <source>Switch on IMAP access in the web settings of %1 before testing.</source>
        <translation>Activez l’accès IMAP dans les paramètres web de %1 avant de tester.</translation>
    </message>
</context>
<context>
    <name>magpie::app::MailSession</name>
    <message>
        <source>Cannot create the profile folder %1. Check that it is writable, or start Magpie with --profile and another folder.</source>
        <translation>Impossible de créer le dossier du profil %1. Vérifiez qu’il est accessible en écriture, ou démarrez Magpie avec --profile et un autre dossier.</translation>
    </message>
    <message>
        <source>The account has no id; it cannot be saved.</source>
        <translation>Le compte n’a pas d’identifiant ; il ne peut pas être enregistré.</translation>
    </message>
    <message>
        <source>The account needs an incoming mail server (IMAP or POP3).</source>
        <translation>Le compte a besoin d’un serveur de courrier entrant (IMAP ou POP3).</translation>
    </message>
    <message>
        <source>The account is not configured (any more).</source>
        <translation>Le compte n’est pas (ou plus) configuré.</translation>
    </message>
    <message>
        <source>The account to send from is not configured (any more).</source>
        <translation>Le compte d’envoi n’est pas (ou plus) configuré.</translation>
    </message>
    <message>
        <source>The account %1 has no outgoing (SMTP) server. Add one in Settings &gt; Accounts to send from it.</source>
        <translation>Le compte %1 n’a pas de serveur sortant (SMTP). Ajoutez-en un dans Paramètres &gt; Comptes pour envoyer depuis ce compte.</translation>
    </message>
    <message>
        <source>The message has no recipient. Add at least one address in To, Cc or Bcc.</source>
        <translation>Le message n’a pas de destinataire. Ajoutez au moins une adresse dans À, Cc ou Cci.</translation>
    </message>
    <message>
        <source>The message has no sender address.</source>
        <translation>Le message n’a pas d’adresse d’expéditeur.</translation>
    </message>
    <message>
        <source>The message could not be put into the outbox.</source>
        <translation>Le message n’a pas pu être placé dans la boîte d’envoi.</translation>
    </message>
</context>
<context>
    <name>magpie::app::MainWindow</name>
    <message>
        <source>No account is set up yet.</source>
        <translation>Aucun compte n’est encore configuré.</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Prêt</translation>
    </message>
    <message>
        <source>%1 - Magpie</source>
        <translation>%1 - Magpie</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>La recherche a échoué : %1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found for &quot;%1&quot;</source>
        <translation>
            <numerusform>%n message trouvé pour « %1 »</numerusform>
            <numerusform>%n messages trouvés pour « %1 »</numerusform>
        </translation>
    </message>
    <message>
        <source>Search: %1 - Magpie</source>
        <translation>Recherche : %1 - Magpie</translation>
    </message>
    <message>
        <source>Open Saved Message</source>
        <translation>Ouvrir un message enregistré</translation>
    </message>
    <message>
        <source>Mail messages (*.eml);;All files (*)</source>
        <translation>Messages électroniques (*.eml);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>The message is still being downloaded.</source>
        <translation>Le message est encore en cours de téléchargement.</translation>
    </message>
    <message numerus="yes">
        <source>(%n message(s) are still being indexed and may be missing; the results will update)</source>
        <translation>
            <numerusform>(%n message est encore en cours d’indexation et peut manquer ; les résultats seront mis à jour)</numerusform>
            <numerusform>(%n messages sont encore en cours d’indexation et peuvent manquer ; les résultats seront mis à jour)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageActions</name>
    <message>
        <source>Delete Permanently</source>
        <translation>Supprimer définitivement</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n message(s) permanently? They will not be kept in the Trash.</source>
        <translation>
            <numerusform>Supprimer définitivement %n message ? Il ne sera pas conservé dans la Corbeille.</numerusform>
            <numerusform>Supprimer définitivement %n messages ? Ils ne seront pas conservés dans la Corbeille.</numerusform>
        </translation>
    </message>
    <message>
        <source>The messages could not be deleted: %1</source>
        <translation>Les messages n’ont pas pu être supprimés : %1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) deleted.</source>
        <translation>
            <numerusform>%n message supprimé.</numerusform>
            <numerusform>%n messages supprimés.</numerusform>
        </translation>
    </message>
    <message>
        <source>This account has no Archive folder. Create one on the server, or use Move To.</source>
        <translation>Ce compte n’a pas de dossier Archives. Créez-en un sur le serveur, ou utilisez Déplacer vers.</translation>
    </message>
    <message>
        <source>Messages can only be copied to a folder of their own account.</source>
        <translation>Les messages ne peuvent être copiés que vers un dossier de leur propre compte.</translation>
    </message>
    <message>
        <source>Messages can only be moved to a folder of their own account.</source>
        <translation>Les messages ne peuvent être déplacés que vers un dossier de leur propre compte.</translation>
    </message>
    <message>
        <source>The messages could not be copied: %1</source>
        <translation>Les messages n’ont pas pu être copiés : %1</translation>
    </message>
    <message>
        <source>The messages could not be moved: %1</source>
        <translation>Les messages n’ont pas pu être déplacés : %1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) copied to %1.</source>
        <translation>
            <numerusform>%n message copié vers %1.</numerusform>
            <numerusform>%n messages copiés vers %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) moved to %1.</source>
        <translation>
            <numerusform>%n message déplacé vers %1.</numerusform>
            <numerusform>%n messages déplacés vers %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>The messages could not be marked: %1</source>
        <translation>Les messages n’ont pas pu être marqués : %1</translation>
    </message>
    <message>
        <source>The messages could not be flagged: %1</source>
        <translation>Les messages n’ont pas pu être marqués pour suivi : %1</translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageFiles</name>
    <message>
        <source>message</source>
        <translation>message</translation>
    </message>
    <message>
        <source>The message could not be saved to %1: %2. Choose another folder.</source>
        <translation>Le message n’a pas pu être enregistré dans %1 : %2. Choisissez un autre dossier.</translation>
    </message>
    <message>
        <source>Save Message</source>
        <translation>Enregistrer le message</translation>
    </message>
    <message>
        <source>Mail messages (*.eml);;All files (*)</source>
        <translation>Messages électroniques (*.eml);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>%1 could not be opened: %2.</source>
        <translation>%1 n’a pas pu être ouvert : %2.</translation>
    </message>
    <message>
        <source>%1 is larger than %2 and is probably not a mail message.</source>
        <translation>%1 dépasse %2 et n’est probablement pas un message électronique.</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 est vide.</translation>
    </message>
    <message>
        <source>Print Message</source>
        <translation>Imprimer le message</translation>
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
        <translation>(sans sujet)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Expéditeur</translation>
    </message>
    <message>
        <source>Reply to</source>
        <translation>Répondre à</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Destinataire</translation>
    </message>
    <message>
        <source>Cc</source>
        <translation>Cc</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageListDelegate</name>
    <message numerus="yes">
        <source>%1 (%n messages)</source>
        <translation>
            <numerusform>%1 (%n message)</numerusform>
            <numerusform>%1 (%n messages)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageReader</name>
    <message>
        <source>No message selected</source>
        <translation>Aucun message sélectionné</translation>
    </message>
    <message>
        <source>Downloading the message...</source>
        <translation>Téléchargement du message...</translation>
    </message>
    <message>
        <source>The message could not be downloaded. Check the connection (the status bar says more) and select the message again.</source>
        <translation>Le message n’a pas pu être téléchargé. Vérifiez la connexion (la barre d’état donne plus de détails) et sélectionnez à nouveau le message.</translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageSourceDialog</name>
    <message>
        <source>Source of &quot;%1&quot;</source>
        <translation>Source de « %1 »</translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageView</name>
    <message>
        <source>Remote content blocked to protect your privacy.</source>
        <translation>Contenu distant bloqué pour protéger votre vie privée.</translation>
    </message>
    <message>
        <source>Show once</source>
        <translation>Afficher une fois</translation>
    </message>
    <message>
        <source>No message selected</source>
        <translation>Aucun message sélectionné</translation>
    </message>
    <message>
        <source>Always for %1</source>
        <translation>Toujours pour %1</translation>
    </message>
    <message>
        <source>Open Link</source>
        <translation>Ouvrir le lien</translation>
    </message>
    <message>
        <source>Open this address in your web browser?</source>
        <translation>Ouvrir cette adresse dans votre navigateur web ?</translation>
    </message>
    <message>
        <source>The server&apos;s name is written %1.</source>
        <translation>Le nom du serveur s’écrit %1.</translation>
    </message>
</context>
<context>
    <name>magpie::app::MessageWindow</name>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Save Message</source>
        <translation>Enregistrer le message</translation>
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
        <translation>Boîte de réception</translation>
    </message>
    <message>
        <source>New mail in %1</source>
        <translation>Nouveau courrier dans %1</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s) in %1</source>
        <translation>
            <numerusform>%n nouveau message dans %1</numerusform>
            <numerusform>%n nouveaux messages dans %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>magpie::app::OutboxView</name>
    <message>
        <source>Waiting to be sent</source>
        <translation>En attente d’envoi</translation>
    </message>
    <message numerus="yes">
        <source>Will retry (%n failed attempt(s))</source>
        <translation>
            <numerusform>Nouvel essai prévu (%n tentative échouée)</numerusform>
            <numerusform>Nouvel essai prévu (%n tentatives échouées)</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Envoi en cours</translation>
    </message>
    <message>
        <source>Perhaps sent</source>
        <translation>Peut-être envoyé</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refusé</translation>
    </message>
    <message>
        <source>Sent, being filed in Sent</source>
        <translation>Envoyé, en cours de classement dans Envoyés</translation>
    </message>
    <message>
        <source>Next attempt at %1.</source>
        <translation>Prochaine tentative à %1.</translation>
    </message>
    <message>
        <source>Next attempt at %1. %2</source>
        <translation>Prochaine tentative à %1. %2</translation>
    </message>
    <message>
        <source>The connection ended before the server confirmed. It may have the message; retry only if the recipients did not get it. %1</source>
        <translation>La connexion s’est terminée avant la confirmation du serveur. Il a peut-être reçu le message ; réessayez seulement si les destinataires ne l’ont pas reçu. %1</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(sans sujet)</translation>
    </message>
    <message>
        <source>The outbox is empty: everything written has been sent.</source>
        <translation>La boîte d’envoi est vide : tout ce qui a été écrit a été envoyé.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) waiting to be sent.</source>
        <translation>
            <numerusform>%n message en attente d’envoi.</numerusform>
            <numerusform>%n messages en attente d’envoi.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not retried</source>
        <translation>Non réessayé</translation>
    </message>
    <message>
        <source>Discard messages?</source>
        <translation>Abandonner les messages ?</translation>
    </message>
    <message numerus="yes">
        <source>Discard %n unsent message(s)? They will not be sent, and cannot be recovered.</source>
        <translation>
            <numerusform>Abandonner %n message non envoyé ? Il ne sera pas envoyé et ne pourra pas être récupéré.</numerusform>
            <numerusform>Abandonner %n messages non envoyés ? Ils ne seront pas envoyés et ne pourront pas être récupérés.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not discarded</source>
        <translation>Non abandonné</translation>
    </message>
</context>
<context>
    <name>magpie::app::OutgoingAttachments</name>
    <message>
        <source>%1 is not a file on this computer, so it cannot be attached.</source>
        <translation>%1 n’est pas un fichier de cet ordinateur ; il ne peut donc pas être joint.</translation>
    </message>
    <message>
        <source>%1 is a folder. Attach the files in it, or a compressed archive of it.</source>
        <translation>%1 est un dossier. Joignez les fichiers qu’il contient, ou une archive compressée de celui-ci.</translation>
    </message>
    <message>
        <source>%1 could not be read (%2), so it was not attached.</source>
        <translation>%1 n’a pas pu être lu (%2) ; il n’a donc pas été joint.</translation>
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
        <translation>L’adresse d’expéditeur « %1 » n’est pas une adresse électronique. Vérifiez le compte dans Paramètres &gt; Comptes.</translation>
    </message>
    <message>
        <source>The subject or sender name holds a line break, which a header cannot carry. Remove it and send again.</source>
        <translation>Le sujet ou le nom de l’expéditeur contient un saut de ligne, qu’un en-tête ne peut pas contenir. Supprimez-le et renvoyez le message.</translation>
    </message>
    <message numerus="yes">
        <source>%1 is not an email address. Correct it and send again.</source>
        <translation>
            <numerusform>%1 n’est pas une adresse électronique. Corrigez-la et renvoyez le message.</numerusform>
            <numerusform>%1 ne sont pas des adresses électroniques. Corrigez-les et renvoyez le message.</numerusform>
        </translation>
    </message>
    <message>
        <source>The message has no recipient. Add one in To, Cc or Bcc.</source>
        <translation>Le message n’a pas de destinataire. Ajoutez-en un dans À, Cc ou Cci.</translation>
    </message>
</context>
<context>
    <name>magpie::app::PasswordDialog</name>
    <message>
        <source>Password for %1</source>
        <translation>Mot de passe pour %1</translation>
    </message>
    <message>
        <source>Enter the password for sending mail from %1 through %2.</source>
        <translation>Saisissez le mot de passe pour envoyer du courrier depuis %1 via %2.</translation>
    </message>
    <message>
        <source>Enter the password for %1 on %2.</source>
        <translation>Saisissez le mot de passe de %1 sur %2.</translation>
    </message>
    <message>
        <source>No system keychain is available, so the password is kept only until Magpie quits. Install and unlock a Secret Service keychain (GNOME Keyring, KWallet) to have it remembered.</source>
        <translation>Aucun trousseau système n’est disponible ; le mot de passe n’est donc conservé que jusqu’à la fermeture de Magpie. Installez et déverrouillez un trousseau Secret Service (GNOME Keyring, KWallet) pour qu’il soit retenu.</translation>
    </message>
</context>
<context>
    <name>magpie::app::PasswordKeeper</name>
    <message>
        <source>The outgoing server of %1 refused the password.</source>
        <translation>Le serveur sortant de %1 a refusé le mot de passe.</translation>
    </message>
    <message>
        <source>The server of %1 refused the password.</source>
        <translation>Le serveur de %1 a refusé le mot de passe.</translation>
    </message>
    <message>
        <source>No keychain is available, so Magpie cannot remember passwords; it asks once per session.</source>
        <translation>Aucun trousseau n’est disponible ; Magpie ne peut donc pas retenir les mots de passe et les demande une fois par session.</translation>
    </message>
    <message>
        <source>Magpie has no password for the outgoing server of %1 yet.</source>
        <translation>Magpie n’a pas encore de mot de passe pour le serveur sortant de %1.</translation>
    </message>
    <message>
        <source>Magpie has no password for %1 yet.</source>
        <translation>Magpie n’a pas encore de mot de passe pour %1.</translation>
    </message>
</context>
<context>
    <name>magpie::app::Preferences</name>
    <message>
        <source>Magpie cannot write its settings to %1. Check that the folder exists and that you may write to it.</source>
        <translation>Magpie ne peut pas écrire ses paramètres dans %1. Vérifiez que le dossier existe et que vous pouvez y écrire.</translation>
    </message>
    <message>
        <source>The settings file %1 is damaged; Magpie did not change it.</source>
        <translation>Le fichier de paramètres %1 est endommagé ; Magpie ne l’a pas modifié.</translation>
    </message>
</context>
<context>
    <name>magpie::app::QuickFilterBar</name>
    <message>
        <source>Unread</source>
        <translation>Non lus</translation>
    </message>
    <message>
        <source>Show only unread messages</source>
        <translation>N’afficher que les messages non lus</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Suivi</translation>
    </message>
    <message>
        <source>Show only flagged messages</source>
        <translation>N’afficher que les messages suivis</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Pièce jointe</translation>
    </message>
    <message>
        <source>Show only messages with attachments</source>
        <translation>N’afficher que les messages avec pièces jointes</translation>
    </message>
    <message>
        <source>Search all folders (from:, to:, subject:, &quot;phrase&quot;)</source>
        <translation>Rechercher dans tous les dossiers (from:, to:, subject:, &quot;phrase&quot;)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
</context>
<context>
    <name>magpie::app::RunningInstance</name>
    <message>
        <source>Magpie cannot create its profile folder %1. Check that the disk is not full and that you may write there.</source>
        <translation>Magpie ne peut pas créer son dossier de profil %1. Vérifiez que le disque n’est pas plein et que vous avez le droit d’y écrire.</translation>
    </message>
    <message>
        <source>Magpie cannot listen for links and files opened while it runs (%1).</source>
        <translation>Magpie ne peut pas recevoir les liens et les fichiers ouverts pendant son exécution (%1).</translation>
    </message>
    <message>
        <source>%1 contains a line break and cannot be opened.</source>
        <translation>%1 contient un saut de ligne et ne peut pas être ouvert.</translation>
    </message>
    <message>
        <source>Too many links or files were given at once.</source>
        <translation>Trop de liens ou de fichiers ont été fournis en même temps.</translation>
    </message>
    <message>
        <source>Magpie is already running with the profile %1 (process %2 on %3) but does not answer. Close that Magpie, or start this one with --profile and another folder.</source>
        <translation>Magpie est déjà en cours d’exécution avec le profil %1 (processus %2 sur %3), mais ne répond pas. Fermez cette instance de Magpie, ou démarrez celle-ci avec --profile et un autre dossier.</translation>
    </message>
</context>
<context>
    <name>magpie::app::ScreenshotTour</name>
    <message>
        <source>Cannot write the screenshot %1.</source>
        <translation>Impossible d’écrire la capture d’écran %1.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Impossible de créer le dossier %1.</translation>
    </message>
</context>
<context>
    <name>magpie::app::SearchResultsModel</name>
    <message>
        <source>(no subject)</source>
        <translation>(sans sujet)</translation>
    </message>
    <message>
        <source>In %1 (%2)</source>
        <translation>Dans %1 (%2)</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Expéditeur</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
</context>
<context>
    <name>magpie::app::ServerDiscovery</name>
    <message>
        <source>No usable SRV records for %1.</source>
        <translation>Aucun enregistrement SRV utilisable pour %1.</translation>
    </message>
    <message>
        <source>%1 is not in Magpie&apos;s list of mail providers.</source>
        <translation>%1 ne figure pas dans la liste des fournisseurs de courrier de Magpie.</translation>
    </message>
    <message>
        <source>Neither imap.%1 nor mail.%1 exists.</source>
        <translation>Ni imap.%1 ni mail.%1 n’existent.</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsAccountEditor</name>
    <message>
        <source>Leave empty to keep the saved password. A new one is kept in the system&apos;s keychain.</source>
        <translation>Laissez vide pour conserver le mot de passe enregistré. Un nouveau mot de passe est conservé dans le trousseau du système.</translation>
    </message>
    <message>
        <source>No keychain is available: a password typed here is used until Magpie quits, and Magpie asks for it once in each later session.</source>
        <translation>Aucun trousseau n’est disponible : un mot de passe saisi ici est utilisé jusqu’à la fermeture de Magpie, qui le redemande une fois à chaque session ultérieure.</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Inchangé</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <source>Password (USER and PASS over TLS)</source>
        <translation>Mot de passe (USER et PASS sur TLS)</translation>
    </message>
    <message>
        <source>Password (PLAIN or LOGIN over TLS)</source>
        <translation>Mot de passe (PLAIN ou LOGIN sur TLS)</translation>
    </message>
    <message>
        <source>Without encryption, your password and your mail cross the network readable by anyone on the way. Choose it only for a server on this computer.</source>
        <translation>Sans chiffrement, votre mot de passe et votre courrier traversent le réseau lisibles par quiconque sur le trajet. Ne choisissez cette option que pour un serveur situé sur cet ordinateur.</translation>
    </message>
    <message>
        <source>Unnamed account</source>
        <translation>Compte sans nom</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsAccountsPage</name>
    <message>
        <source>No keychain is available on this computer, so Magpie cannot remember passwords. It asks for each password once per session and forgets it when you quit.</source>
        <translation>Aucun trousseau n’est disponible sur cet ordinateur ; Magpie ne peut donc pas retenir les mots de passe. Il demande chaque mot de passe une fois par session et l’oublie à la fermeture.</translation>
    </message>
    <message>
        <source>Remove Account</source>
        <translation>Supprimer le compte</translation>
    </message>
    <message>
        <source>Remove the account &quot;%1&quot; from Magpie?</source>
        <translation>Supprimer le compte « %1 » de Magpie ?</translation>
    </message>
    <message>
        <source>Its downloaded mail and its saved passwords are deleted from this computer when you click OK or Apply. The mail on the server is not touched.</source>
        <translation>Son courrier téléchargé et ses mots de passe enregistrés seront supprimés de cet ordinateur lorsque vous cliquerez sur OK ou Appliquer. Le courrier sur le serveur n’est pas modifié.</translation>
    </message>
    <message>
        <source>This is a POP3 account: messages already deleted from the server exist only on this computer and will be lost.</source>
        <translation>Il s’agit d’un compte POP3 : les messages déjà supprimés du serveur n’existent que sur cet ordinateur et seront perdus.</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsAdvancedPage</name>
    <message>
        <source>The offline cache is not open.</source>
        <translation>Le cache hors connexion n’est pas ouvert.</translation>
    </message>
    <message>
        <source>The offline cache takes %1 on disk, of which %2 are downloaded messages.</source>
        <translation>Le cache hors connexion occupe %1 sur le disque, dont %2 de messages téléchargés.</translation>
    </message>
    <message>
        <source>Not offered: the POP3 account %1 removes mail from its server, so this computer holds the only copy.</source>
        <translation>Non proposé : le compte POP3 %1 supprime le courrier de son serveur ; cet ordinateur détient donc la seule copie.</translation>
    </message>
    <message>
        <source>Clear Cache</source>
        <translation>Vider le cache</translation>
    </message>
    <message>
        <source>Remove every downloaded message from this computer?</source>
        <translation>Supprimer tous les messages téléchargés de cet ordinateur ?</translation>
    </message>
    <message>
        <source>Your mail stays on the server; Magpie downloads a message again when you open it. This happens at once, even if you cancel the settings.</source>
        <translation>Votre courrier reste sur le serveur ; Magpie télécharge à nouveau un message lorsque vous l’ouvrez. Cela se fait immédiatement, même si vous annulez les paramètres.</translation>
    </message>
    <message>
        <source>The cache could not be cleared: %1</source>
        <translation>Le cache n’a pas pu être vidé : %1</translation>
    </message>
    <message>
        <source>The downloaded messages were removed.</source>
        <translation>Les messages téléchargés ont été supprimés.</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsComposingPage</name>
    <message>
        <source>No spelling check</source>
        <translation>Aucune vérification orthographique</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No spelling dictionaries are installed. Install a hunspell dictionary (for example the package hunspell-en-us) to check spelling.</source>
        <translation>Aucun dictionnaire orthographique n’est installé. Installez un dictionnaire hunspell (par exemple le paquet hunspell-fr) pour vérifier l’orthographe.</translation>
    </message>
    <message>
        <source>Misspelt words are underlined while you write.</source>
        <translation>Les mots mal orthographiés sont soulignés pendant la saisie.</translation>
    </message>
    <message>
        <source>%1 (not installed)</source>
        <translation>%1 (non installé)</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsDialog</name>
    <message>
        <source>Nothing was saved. %1</source>
        <translation>Rien n’a été enregistré. %1</translation>
    </message>
    <message>
        <source>The keychain refused to store it.</source>
        <translation>Le trousseau a refusé de le stocker.</translation>
    </message>
    <message>
        <source>The other settings were saved, but a password was not: %1</source>
        <translation>Les autres paramètres ont été enregistrés, mais pas un mot de passe : %1</translation>
    </message>
    <message>
        <source>Saved. No keychain is available, so Magpie keeps the password only until it quits and asks for it once in each later session.</source>
        <translation>Enregistré. Aucun trousseau n’est disponible ; Magpie conserve donc le mot de passe jusqu’à sa fermeture et le redemande une fois à chaque session ultérieure.</translation>
    </message>
    <message>
        <source>Saved. The passwords are in the keychain.</source>
        <translation>Enregistré. Les mots de passe sont dans le trousseau.</translation>
    </message>
    <message>
        <source>Saving the passwords in the keychain...</source>
        <translation>Enregistrement des mots de passe dans le trousseau...</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsGeneralPage</name>
    <message>
        <source>The system&apos;s language</source>
        <translation>La langue du système</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsPrivacyPage</name>
    <message>
        <source>Passwords are kept in the system&apos;s keychain, never in Magpie&apos;s files.</source>
        <translation>Les mots de passe sont conservés dans le trousseau du système, jamais dans les fichiers de Magpie.</translation>
    </message>
    <message>
        <source>No keychain is available on this computer, so Magpie does not keep your passwords: it asks for each one once per session and forgets it when you quit. Install and unlock a Secret Service keychain (GNOME Keyring or KWallet) to have them remembered.</source>
        <translation>Aucun trousseau n’est disponible sur cet ordinateur ; Magpie ne conserve donc pas vos mots de passe : il les demande une fois par session et les oublie à la fermeture. Installez et déverrouillez un trousseau Secret Service (GNOME Keyring ou KWallet) pour qu’ils soient retenus.</translation>
    </message>
</context>
<context>
    <name>magpie::app::SettingsValidator</name>
    <message>
        <source>Enter the server&apos;s port, a number from 1 to 65535.</source>
        <translation>Saisissez le port du serveur, un nombre de 1 à 65535.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a port: enter a number from 1 to 65535.</source>
        <translation>« %1 » n’est pas un port : saisissez un nombre de 1 à 65535.</translation>
    </message>
    <message>
        <source>Enter the server&apos;s name, for example imap.example.com.</source>
        <translation>Saisissez le nom du serveur, par exemple imap.example.com.</translation>
    </message>
    <message>
        <source>Enter only the server&apos;s name, without &quot;%1&quot;: for example imap.example.com.</source>
        <translation>Saisissez uniquement le nom du serveur, sans « %1 » : par exemple imap.example.com.</translation>
    </message>
    <message>
        <source>A server name cannot contain spaces.</source>
        <translation>Un nom de serveur ne peut pas contenir d’espaces.</translation>
    </message>
    <message>
        <source>Enter the port in its own field, not after the server&apos;s name.</source>
        <translation>Saisissez le port dans son propre champ, pas après le nom du serveur.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid server name: use letters, digits, hyphens and dots, for example mail.example.com.</source>
        <translation>« %1 » n’est pas un nom de serveur valide : utilisez des lettres, des chiffres, des traits d’union et des points, par exemple mail.example.com.</translation>
    </message>
    <message>
        <source>Enter your e-mail address, for example alice@example.com.</source>
        <translation>Saisissez votre adresse électronique, par exemple alice@example.com.</translation>
    </message>
    <message>
        <source>Enter the address alone, without angle brackets; your name has its own field.</source>
        <translation>Saisissez l’adresse seule, sans chevrons ; votre nom a son propre champ.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an e-mail address: it needs a name, an @ and a domain, for example alice@example.com.</source>
        <translation>« %1 » n’est pas une adresse électronique : il faut un nom, un @ et un domaine, par exemple alice@example.com.</translation>
    </message>
    <message>
        <source>An e-mail address cannot contain spaces.</source>
        <translation>Une adresse électronique ne peut pas contenir d’espaces.</translation>
    </message>
    <message>
        <source>The part before the @ in &quot;%1&quot; is not valid in an e-mail address.</source>
        <translation>La partie avant le @ dans « %1 » n’est pas valide dans une adresse électronique.</translation>
    </message>
    <message>
        <source>The domain after the @ in &quot;%1&quot; is not valid.</source>
        <translation>Le domaine après le @ dans « %1 » n’est pas valide.</translation>
    </message>
    <message>
        <source>A SHA-256 fingerprint has 64 hexadecimal digits (0-9, A-F), usually in pairs separated by colons. Copy it from the certificate&apos;s details, or leave the field empty.</source>
        <translation>Une empreinte SHA-256 comporte 64 chiffres hexadécimaux (0-9, A-F), généralement par paires séparées par des deux-points. Copiez-la depuis les détails du certificat, ou laissez le champ vide.</translation>
    </message>
    <message>
        <source>Your name cannot contain line breaks or control characters.</source>
        <translation>Votre nom ne peut pas contenir de sauts de ligne ni de caractères de contrôle.</translation>
    </message>
</context>
<context>
    <name>magpie::app::main</name>
    <message>
        <source>Magpie cannot start</source>
        <translation>Magpie ne peut pas démarrer</translation>
    </message>
    <message>
        <source>Cannot write to this link</source>
        <translation>Impossible d’écrire à ce lien</translation>
    </message>
    <message>
        <source>%1 is not a mailto: link Magpie understands.</source>
        <translation>%1 n’est pas un lien mailto: que Magpie comprend.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::AttachmentFile</name>
    <message>
        <source>Cannot attach %1: it is a folder.</source>
        <translation>Impossible de joindre %1 : c’est un dossier.</translation>
    </message>
    <message>
        <source>Cannot attach %1: %2</source>
        <translation>Impossible de joindre %1 : %2</translation>
    </message>
</context>
<context>
    <name>magpie::cli::CheckReport</name>
    <message>
        <source>TLS from the first byte</source>
        <translation>TLS dès le premier octet</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>plaintext</source>
        <translation>non chiffré</translation>
    </message>
    <message>
        <source>Connected to %1:%2 (%3, %4)</source>
        <translation>Connecté à %1:%2 (%3, %4)</translation>
    </message>
    <message>
        <source>TLS: none, the connection is not encrypted (plaintext was chosen: %1:// without ?starttls=required)</source>
        <translation>TLS : aucun, la connexion n’est pas chiffrée (connexion en clair choisie : %1:// sans ?starttls=required)</translation>
    </message>
    <message>
        <source>TLS: none, the connection is not encrypted</source>
        <translation>TLS : aucun, la connexion n’est pas chiffrée</translation>
    </message>
    <message>
        <source>TLS: %1, %2</source>
        <translation>TLS : %1, %2</translation>
    </message>
    <message>
        <source>Certificate: %1, issued by %2</source>
        <translation>Certificat : %1, émis par %2</translation>
    </message>
    <message>
        <source>, valid until %1</source>
        <translation>, valide jusqu’au %1</translation>
    </message>
    <message>
        <source>SHA-256: %1 (trusted because it matches --pin)</source>
        <translation>SHA-256 : %1 (considéré comme fiable car l’empreinte correspond à --pin)</translation>
    </message>
    <message>
        <source>SHA-256: %1</source>
        <translation>SHA-256 : %1</translation>
    </message>
    <message>
        <source>Capabilities</source>
        <translation>Capacités</translation>
    </message>
    <message>
        <source>(none announced)</source>
        <translation>(aucune annoncée)</translation>
    </message>
    <message>
        <source>Login: accepted for %1</source>
        <translation>Authentification : acceptée pour %1</translation>
    </message>
    <message>
        <source>Login: accepted for %1 (%2)</source>
        <translation>Authentification : acceptée pour %1 (%2)</translation>
    </message>
    <message>
        <source>Login: not tried (no user in the URL)</source>
        <translation>Authentification : non tentée (aucun utilisateur dans l’URL)</translation>
    </message>
    <message>
        <source>Server alert: %1</source>
        <translation>Alerte du serveur : %1</translation>
    </message>
    <message>
        <source>Protocol log:</source>
        <translation>Journal du protocole :</translation>
    </message>
</context>
<context>
    <name>magpie::cli::ConnectionOptions</name>
    <message>
        <source>Trust the certificates in this PEM file besides the system&apos;s.</source>
        <translation>Faire confiance aux certificats de ce fichier PEM en plus de ceux du système.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>fichier</translation>
    </message>
    <message>
        <source>Accept exactly the certificate with this SHA-256 fingerprint (AB:CD:... as printed by check), even if it is self-signed.</source>
        <translation>Accepter exactement le certificat ayant cette empreinte SHA-256 (AB:CD:... tel qu’affiché par check), même s’il est auto-signé.</translation>
    </message>
    <message>
        <source>sha256</source>
        <translation>sha256</translation>
    </message>
    <message>
        <source>Give up when connecting, or waiting for a reply, takes longer than this. Default: 30 s to connect, 60 s per reply.</source>
        <translation>Abandonner si la connexion, ou l’attente d’une réponse, dure plus longtemps. Par défaut : 30 s pour se connecter, 60 s par réponse.</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>secondes</translation>
    </message>
    <message>
        <source>Log in with the OAuth 2.0 access token held in this environment variable (OAUTHBEARER or XOAUTH2) instead of a password.</source>
        <translation>S’authentifier avec le jeton d’accès OAuth 2.0 contenu dans cette variable d’environnement (OAUTHBEARER ou XOAUTH2) au lieu d’un mot de passe.</translation>
    </message>
    <message>
        <source>variable</source>
        <translation>variable</translation>
    </message>
    <message>
        <source>Print the protocol log at the end (passwords and AUTH data are never in it).</source>
        <translation>Afficher le journal du protocole à la fin (les mots de passe et les données AUTH n’y figurent jamais).</translation>
    </message>
    <message>
        <source>--pin needs a SHA-256 fingerprint, 64 hexadecimal digits such as AB:CD:...:EF as check prints it; “%1” is not one.</source>
        <translation>--pin attend une empreinte SHA-256, soit 64 chiffres hexadécimaux comme AB:CD:...:EF, tels que check les affiche ; « %1 » n’en est pas une.</translation>
    </message>
    <message>
        <source>--timeout needs a number of seconds from 0 to 3600, not “%1”.</source>
        <translation>--timeout attend un nombre de secondes de 0 à 3600, et non « %1 ».</translation>
    </message>
    <message>
        <source>--oauth-token-env names %1, but that environment variable is not set or empty.</source>
        <translation>--oauth-token-env désigne %1, mais cette variable d’environnement n’est pas définie ou est vide.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>Cannot read the certificate file %1: %2</source>
        <translation>Impossible de lire le fichier de certificats %1 : %2</translation>
    </message>
    <message>
        <source>%1 holds no certificate (a PEM file starting with “-----BEGIN CERTIFICATE-----” is expected).</source>
        <translation>%1 ne contient aucun certificat (un fichier PEM commençant par « -----BEGIN CERTIFICATE----- » est attendu).</translation>
    </message>
    <message>
        <source>Warning: %1 is not encrypted: the password and everything else cross the network as plain text. Use %2, or add ?starttls=required, unless this is a test server.</source>
        <translation>Attention : %1 n’est pas chiffré : le mot de passe et tout le reste circulent en clair sur le réseau. Utilisez %2, ou ajoutez ?starttls=required, sauf s’il s’agit d’un serveur de test.</translation>
    </message>
    <message>
        <source>Warning: %1 is not encrypted: everything crosses the network as plain text. Use %2, or add ?starttls=required, unless this is a test server.</source>
        <translation>Attention : %1 n’est pas chiffré : tout circule en clair sur le réseau. Utilisez %2, ou ajoutez ?starttls=required, sauf s’il s’agit d’un serveur de test.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::ImapCheck</name>
    <message>
        <source>Login: not needed, the server said PREAUTH</source>
        <translation>Authentification : inutile, le serveur a répondu PREAUTH</translation>
    </message>
    <message>
        <source>Login: refused</source>
        <translation>Authentification : refusée</translation>
    </message>
    <message>
        <source>Capabilities after login</source>
        <translation>Capacités après l’authentification</translation>
    </message>
    <message>
        <source>Folders (%1):</source>
        <translation>Dossiers (%1) :</translation>
    </message>
    <message>
        <source>(not selectable)</source>
        <translation>(non sélectionnable)</translation>
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
    <name>magpie::cli::ListCommand</name>
    <message>
        <source>list needs --folder NAME (INBOX, Sent, ...).</source>
        <translation>list nécessite --folder NOM (INBOX, Sent, ...).</translation>
    </message>
    <message>
        <source>--limit needs a whole number of messages above 0, not “%1”.</source>
        <translation>--limit attend un nombre entier de messages supérieur à 0, et non « %1 ».</translation>
    </message>
    <message>
        <source>There is no folder “%1” in the cache, and no folder at all: run magpie-cli sync first.</source>
        <translation>Il n’y a pas de dossier « %1 » dans le cache, ni aucun autre dossier : lancez d’abord magpie-cli sync.</translation>
    </message>
    <message>
        <source>There is no folder “%1” in the cache. Cached folders: %2.</source>
        <translation>Il n’y a pas de dossier « %1 » dans le cache. Dossiers en cache : %2.</translation>
    </message>
    <message>
        <source>Several accounts have a folder “%1”: %2. Say which with --account ID.</source>
        <translation>Plusieurs comptes ont un dossier « %1 » : %2. Précisez lequel avec --account ID.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::MailUrl</name>
    <message>
        <source>“%1” is not a server URL magpie-cli can use: %2</source>
        <translation>« %1 » n’est pas une URL de serveur utilisable par magpie-cli : %2</translation>
    </message>
    <message>
        <source>it must start with imap://, imaps://, pop3://, pop3s://, smtp:// or smtps://.</source>
        <translation>elle doit commencer par imap://, imaps://, pop3://, pop3s://, smtp:// ou smtps://.</translation>
    </message>
    <message>
        <source>it names no server (write it as imaps://user@host).</source>
        <translation>elle n’indique aucun serveur (écrivez-la sous la forme imaps://user@host).</translation>
    </message>
    <message>
        <source>it holds a password. Give the password in the MAGPIE_PASSWORD environment variable or at the prompt instead, so that it does not stay in the shell&apos;s history.</source>
        <translation>elle contient un mot de passe. Donnez plutôt le mot de passe dans la variable d’environnement MAGPIE_PASSWORD ou à l’invite, pour qu’il ne reste pas dans l’historique du shell.</translation>
    </message>
    <message>
        <source>it has a path (%1); only a server is expected here.</source>
        <translation>elle contient un chemin (%1) ; seul un serveur est attendu ici.</translation>
    </message>
    <message>
        <source>it has a fragment (#%1); only a server is expected here.</source>
        <translation>elle contient un fragment (#%1) ; seul un serveur est attendu ici.</translation>
    </message>
    <message>
        <source>port 0 is not a port a server listens on.</source>
        <translation>le port 0 n’est pas un port sur lequel un serveur écoute.</translation>
    </message>
    <message>
        <source>the option “%1” is unknown (the one option is starttls=required).</source>
        <translation>l’option « %1 » est inconnue (la seule option est starttls=required).</translation>
    </message>
    <message>
        <source>starttls applies to imap://, pop3:// and smtp:// only; %1:// is TLS from the first byte already.</source>
        <translation>starttls ne s’applique qu’à imap://, pop3:// et smtp:// ; %1:// utilise déjà TLS dès le premier octet.</translation>
    </message>
    <message>
        <source>starttls must be “required” or “no”, not “%1”.</source>
        <translation>starttls doit valoir « required » ou « no », et non « %1 ».</translation>
    </message>
</context>
<context>
    <name>magpie::cli::OutboxCommand</name>
    <message>
        <source>--%1 needs the number of an outbox entry (the first column), not “%2”.</source>
        <translation>--%1 attend le numéro d’une entrée de la boîte d’envoi (la première colonne), et non « %2 ».</translation>
    </message>
    <message>
        <source>Give --retry or --discard, not both.</source>
        <translation>Donnez --retry ou --discard, pas les deux.</translation>
    </message>
    <message>
        <source>Entry %1 is queued again; it goes out with the account&apos;s next sync.</source>
        <translation>L’entrée %1 est de nouveau en file d’attente ; elle partira lors de la prochaine synchronisation du compte.</translation>
    </message>
    <message>
        <source>Entry %1 was removed from the outbox.</source>
        <translation>L’entrée %1 a été retirée de la boîte d’envoi.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::PasswordPrompt</name>
    <message>
        <source>Password for %1: </source>
        <translation>Mot de passe pour %1 : </translation>
    </message>
    <message>
        <source>No password: set MAGPIE_PASSWORD, or run magpie-cli in a terminal so that it can ask for one.</source>
        <translation>Aucun mot de passe : définissez MAGPIE_PASSWORD, ou lancez magpie-cli dans un terminal pour qu’il puisse le demander.</translation>
    </message>
    <message>
        <source>No password was entered.</source>
        <translation>Aucun mot de passe n’a été saisi.</translation>
    </message>
    <message>
        <source>No password: set MAGPIE_PASSWORD, or run magpie-cli in a console so that it can ask for one.</source>
        <translation>Aucun mot de passe : définissez MAGPIE_PASSWORD, ou lancez magpie-cli dans une console pour qu’il puisse le demander.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::Pop3Check</name>
    <message>
        <source>Greeting: %1</source>
        <translation>Message d’accueil : %1</translation>
    </message>
    <message>
        <source>Capabilities: %1</source>
        <translation>Capacités : %1</translation>
    </message>
    <message>
        <source>Capabilities: none (the server does not know CAPA, RFC 2449)</source>
        <translation>Capacités : aucune (le serveur ne connaît pas CAPA, RFC 2449)</translation>
    </message>
    <message>
        <source>Login: refused</source>
        <translation>Authentification : refusée</translation>
    </message>
    <message>
        <source>Messages: %1 (%2 bytes)</source>
        <translation>Messages : %1 (%2 octets)</translation>
    </message>
</context>
<context>
    <name>magpie::cli::ProfileOption</name>
    <message>
        <source>The Magpie profile folder (settings and mail cache). Default: $MAGPIE_PROFILE, else Magpie&apos;s own data folder.</source>
        <translation>Le dossier de profil de Magpie (paramètres et cache de courrier). Par défaut : $MAGPIE_PROFILE, sinon le dossier de données propre à Magpie.</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>dossier</translation>
    </message>
    <message>
        <source>The profile %1 is a file, not a folder. Give --profile a folder.</source>
        <translation>Le profil %1 est un fichier, pas un dossier. Indiquez un dossier à --profile.</translation>
    </message>
    <message>
        <source>The profile folder %1 cannot be created. Check the path and that you may write there.</source>
        <translation>Impossible de créer le dossier de profil %1. Vérifiez le chemin et que vous avez le droit d’y écrire.</translation>
    </message>
    <message>
        <source>There is no mail cache in %1. Run magpie-cli sync first, or give the right folder with --profile.</source>
        <translation>Il n’y a pas de cache de courrier dans %1. Lancez d’abord magpie-cli sync, ou indiquez le bon dossier avec --profile.</translation>
    </message>
</context>
<context>
    <name>magpie::cli::SearchCommand</name>
    <message>
        <source>search needs something to look for, e.g. search invoice.</source>
        <translation>search nécessite quelque chose à rechercher, par exemple search facture.</translation>
    </message>
    <message>
        <source>--limit needs a whole number of hits above 0, not “%1”.</source>
        <translation>--limit attend un nombre entier de résultats supérieur à 0, et non « %1 ».</translation>
    </message>
</context>
<context>
    <name>magpie::cli::SendCommand</name>
    <message>
        <source>--%1 “%2” holds no mail address.</source>
        <translation>--%1 « %2 » ne contient aucune adresse électronique.</translation>
    </message>
    <message>
        <source>--%1 contains a line break or another control character; nothing was sent.</source>
        <translation>--%1 contient un saut de ligne ou un autre caractère de contrôle ; rien n’a été envoyé.</translation>
    </message>
    <message>
        <source>--%1 “%2” is not a mail address I can use: %3</source>
        <translation>--%1 « %2 » n’est pas une adresse électronique utilisable : %3</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text; convert it first (iconv -t UTF-8).</source>
        <translation>%1 n’est pas du texte UTF-8 ; convertissez-le d’abord (iconv -t UTF-8).</translation>
    </message>
    <message>
        <source>The server refused %1 of %2 recipients; the message went to the others.</source>
        <translation>Le serveur a refusé %1 des %2 destinataires ; le message a été remis aux autres.</translation>
    </message>
    <message>
        <source>Write a message and submit it to an SMTP server. The password comes from MAGPIE_PASSWORD or a prompt.</source>
        <translation>Rédiger un message et l’envoyer à un serveur SMTP. Le mot de passe provient de MAGPIE_PASSWORD ou est demandé à l’invite.</translation>
    </message>
    <message>
        <source>The submission server: smtps://user@host:port, or smtp://...?starttls=required.</source>
        <translation>Le serveur d’envoi : smtps://user@host:port, ou smtp://...?starttls=required.</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>The sender (From and MAIL FROM).</source>
        <translation>L’expéditeur (From et MAIL FROM).</translation>
    </message>
    <message>
        <source>address</source>
        <translation>adresse</translation>
    </message>
    <message>
        <source>A recipient (repeatable).</source>
        <translation>Un destinataire (répétable).</translation>
    </message>
    <message>
        <source>A copy recipient (repeatable).</source>
        <translation>Un destinataire en copie (répétable).</translation>
    </message>
    <message>
        <source>A hidden recipient, in no header (repeatable).</source>
        <translation>Un destinataire caché, absent de tous les en-têtes (répétable).</translation>
    </message>
    <message>
        <source>The subject.</source>
        <translation>Le sujet.</translation>
    </message>
    <message>
        <source>text</source>
        <translation>texte</translation>
    </message>
    <message>
        <source>The message text.</source>
        <translation>Le texte du message.</translation>
    </message>
    <message>
        <source>Read the message text (UTF-8) from this file, - for standard input.</source>
        <translation>Lire le texte du message (UTF-8) dans ce fichier, - pour l’entrée standard.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>fichier</translation>
    </message>
    <message>
        <source>Attach this file (repeatable).</source>
        <translation>Joindre ce fichier (répétable).</translation>
    </message>
    <message>
        <source>Unexpected argument “%1”; every part of the message is given by an option.</source>
        <translation>Argument inattendu « %1 » ; chaque partie du message est donnée par une option.</translation>
    </message>
    <message>
        <source>--smtp URL is needed: the server to submit to.</source>
        <translation>--smtp URL est nécessaire : le serveur auquel envoyer le message.</translation>
    </message>
    <message>
        <source>--from ADDRESS is needed: who the message is from.</source>
        <translation>--from ADRESSE est nécessaire : l’expéditeur du message.</translation>
    </message>
    <message>
        <source>At least one recipient is needed: --to, --cc or --bcc.</source>
        <translation>Au moins un destinataire est nécessaire : --to, --cc ou --bcc.</translation>
    </message>
    <message>
        <source>Give the text with --body or with --body-file, not both.</source>
        <translation>Donnez le texte avec --body ou avec --body-file, pas les deux.</translation>
    </message>
    <message>
        <source>--smtp needs an smtp:// or smtps:// URL, not %1.</source>
        <translation>--smtp attend une URL smtp:// ou smtps://, et non %1.</translation>
    </message>
    <message>
        <source>--from must be one address.</source>
        <translation>--from doit être une seule adresse.</translation>
    </message>
    <message>
        <source>Refused: %1: %2</source>
        <translation>Refusé : %1 : %2</translation>
    </message>
    <message>
        <source>Accepted: %1</source>
        <translation>Accepté : %1</translation>
    </message>
    <message>
        <source>Message-ID: &lt;%1&gt;</source>
        <translation>Message-ID : &lt;%1&gt;</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Serveur : %1</translation>
    </message>
    <message>
        <source>Protocol log:</source>
        <translation>Journal du protocole :</translation>
    </message>
</context>
<context>
    <name>magpie::cli::SmtpCheck</name>
    <message>
        <source>Greeting: %1</source>
        <translation>Message d’accueil : %1</translation>
    </message>
    <message>
        <source>Capabilities: none (the server refused EHLO; HELO was used, RFC 5321 s3.2)</source>
        <translation>Capacités : aucune (le serveur a refusé EHLO ; HELO a été utilisé, RFC 5321 s3.2)</translation>
    </message>
    <message>
        <source>Capabilities: %1</source>
        <translation>Capacités : %1</translation>
    </message>
    <message>
        <source>Login: refused</source>
        <translation>Authentification : refusée</translation>
    </message>
</context>
<context>
    <name>magpie::cli::SyncCommand</name>
    <message>
        <source>%1 is not a mailbox: sync takes an imap://, imaps://, pop3:// or pop3s:// URL.</source>
        <translation>%1 n’est pas une boîte aux lettres : sync attend une URL imap://, imaps://, pop3:// ou pop3s://.</translation>
    </message>
    <message>
        <source>%1 names no user; sync needs one to log in, as in imaps://alice%40example.com@imap.example.com.</source>
        <translation>%1 n’indique aucun utilisateur ; sync en a besoin pour s’authentifier, comme dans imaps://alice%40example.com@imap.example.com.</translation>
    </message>
    <message>
        <source>Cannot write the log file %1: %2</source>
        <translation>Impossible d’écrire le fichier journal %1 : %2</translation>
    </message>
    <message>
        <source>The account was not saved: %1</source>
        <translation>Le compte n’a pas été enregistré : %1</translation>
    </message>
    <message>
        <source>Messages: %1 new, %2 with changed flags, %3 removed</source>
        <translation>Messages : %1 nouveau(x), %2 avec des indicateurs modifiés, %3 supprimé(s)</translation>
    </message>
    <message>
        <source>%1  %2 messages, %3 unread</source>
        <translation>%1  messages : %2, non lus : %3</translation>
    </message>
</context>
<context>
    <name>magpie::imap::AppendJob</name>
    <message>
        <source>Saving the message in %1</source>
        <translation>L’enregistrement du message dans %1</translation>
    </message>
    <message>
        <source>Saving a message needs a folder to save it in.</source>
        <translation>L’enregistrement d’un message nécessite un dossier de destination.</translation>
    </message>
    <message>
        <source>%1 failed: the message is empty.</source>
        <translation>%1 a échoué : le message est vide.</translation>
    </message>
    <message>
        <source>%1 failed: its date is out of range.</source>
        <translation>%1 a échoué : la date du message est hors des limites autorisées.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist on the server.</source>
        <translation>Le dossier %1 n’existe pas sur le serveur.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::CapabilityJob</name>
    <message>
        <source>Asking %1 what it supports</source>
        <translation>L’interrogation de %1 sur ses capacités</translation>
    </message>
</context>
<context>
    <name>magpie::imap::CompressJob</name>
    <message>
        <source>Switching on compression</source>
        <translation>L’activation de la compression</translation>
    </message>
</context>
<context>
    <name>magpie::imap::CopyJob</name>
    <message>
        <source>Copying 1 message to %1</source>
        <translation>La copie d’un message vers %1</translation>
    </message>
    <message numerus="yes">
        <source>Copying %n messages to %1</source>
        <translation>
            <numerusform>La copie de %n message vers %1</numerusform>
            <numerusform>La copie de %n messages vers %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Copying messages needs a destination folder.</source>
        <translation>La copie de messages nécessite un dossier de destination.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist on the server.</source>
        <translation>Le dossier %1 n’existe pas sur le serveur.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::EnableJob</name>
    <message>
        <source>Enabling extensions on %1</source>
        <translation>L’activation d’extensions sur %1</translation>
    </message>
</context>
<context>
    <name>magpie::imap::ExpungeJob</name>
    <message>
        <source>Removing 1 deleted message from %1</source>
        <translation>La purge d’un message supprimé de %1</translation>
    </message>
    <message numerus="yes">
        <source>Removing %n deleted messages from %1</source>
        <translation>
            <numerusform>La purge de %n message supprimé de %1</numerusform>
            <numerusform>La purge de %n messages supprimés de %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not possible: the server cannot remove only chosen messages (it lacks UIDPLUS), and removing all deleted messages would also take those other programs marked as deleted.</source>
        <translation>%1 est impossible : le serveur ne peut pas retirer uniquement les messages choisis (il ne prend pas en charge UIDPLUS), et purger tous les messages supprimés emporterait aussi ceux que d’autres programmes ont marqués comme supprimés.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::FetchJob</name>
    <message>
        <source>Fetching messages</source>
        <translation>La récupération des messages</translation>
    </message>
    <message>
        <source>Fetching messages from %1</source>
        <translation>La récupération des messages de %1</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a part of a message that IMAP can fetch.</source>
        <translation>%1 est impossible : « %2 » n’est pas une partie de message qu’IMAP peut récupérer.</translation>
    </message>
    <message>
        <source>%1: nothing to fetch was chosen.</source>
        <translation>%1 est impossible : rien n’a été choisi à récupérer.</translation>
    </message>
    <message>
        <source>%1 needs the server to keep modification sequences (CONDSTORE, RFC 7162), and it does not.</source>
        <translation>%1 nécessite que le serveur tienne des séquences de modification (CONDSTORE, RFC 7162), ce qu’il ne fait pas.</translation>
    </message>
    <message>
        <source>%1: asking which messages vanished needs QRESYNC enabled first.</source>
        <translation>%1 est impossible : demander quels messages ont disparu nécessite d’activer d’abord QRESYNC.</translation>
    </message>
    <message>
        <source>%1: asking which messages vanished needs a UID fetch of changes since a modification sequence.</source>
        <translation>%1 est impossible : demander quels messages ont disparu nécessite un UID FETCH des changements depuis une séquence de modification.</translation>
    </message>
    <message>
        <source>VANISHED with an invalid UID set</source>
        <translation>VANISHED avec un ensemble d’UID non valide</translation>
    </message>
    <message>
        <source>%1 failed: the server sent a response Magpie cannot read (%2).</source>
        <translation>%1 a échoué : le serveur a envoyé une réponse que Magpie ne peut pas lire (%2).</translation>
    </message>
</context>
<context>
    <name>magpie::imap::FetchedMessage</name>
    <message>
        <source>an address list is neither a list nor NIL</source>
        <translation>une liste d’adresses n’est ni une liste ni NIL</translation>
    </message>
    <message>
        <source>an address is not a list of four strings</source>
        <translation>une adresse n’est pas une liste de quatre chaînes</translation>
    </message>
    <message>
        <source>it is not a list of ten fields</source>
        <translation>ce n’est pas une liste de dix champs</translation>
    </message>
    <message>
        <source>a list stands where a string belongs</source>
        <translation>une liste se trouve à la place d’une chaîne</translation>
    </message>
    <message>
        <source>its parts are nested too deeply</source>
        <translation>ses parties sont imbriquées trop profondément</translation>
    </message>
    <message>
        <source>a body part is not a list</source>
        <translation>une partie du message n’est pas une liste</translation>
    </message>
    <message>
        <source>a body part has fewer than seven fields</source>
        <translation>une partie du message a moins de sept champs</translation>
    </message>
    <message>
        <source>the %1 is not a number from 1 to 4294967295</source>
        <translation>%1 n’est pas un nombre de 1 à 4294967295</translation>
    </message>
    <message>
        <source>the %1 are not a list of flags</source>
        <translation>%1 ne sont pas une liste d’indicateurs</translation>
    </message>
    <message>
        <source>the %1 is not a date and time</source>
        <translation>%1 n’est pas une date et heure</translation>
    </message>
    <message>
        <source>the %1 is not a number</source>
        <translation>%1 n’est pas un nombre</translation>
    </message>
    <message>
        <source>the %1 is not a number in parentheses</source>
        <translation>%1 n’est pas un nombre entre parenthèses</translation>
    </message>
    <message>
        <source>the ENVELOPE cannot be read (%1)</source>
        <translation>l’élément ENVELOPE est illisible (%1)</translation>
    </message>
    <message>
        <source>the %1 cannot be read (%2)</source>
        <translation>l’élément %1 est illisible (%2)</translation>
    </message>
    <message>
        <source>the item %1 has no closing bracket</source>
        <translation>il manque le crochet fermant à l’élément %1</translation>
    </message>
    <message>
        <source>the item %1 has a malformed origin</source>
        <translation>l’élément %1 a une origine mal formée</translation>
    </message>
    <message>
        <source>the %1 is a list, not a string</source>
        <translation>%1 est une liste, pas une chaîne</translation>
    </message>
    <message>
        <source>The server sent an ENVELOPE Magpie could not read: %1.</source>
        <translation>Le serveur a envoyé un ENVELOPE que Magpie n’a pas pu lire : %1.</translation>
    </message>
    <message>
        <source>The server sent a BODYSTRUCTURE Magpie could not read: %1.</source>
        <translation>Le serveur a envoyé une BODYSTRUCTURE que Magpie n’a pas pu lire : %1.</translation>
    </message>
    <message>
        <source>The server sent a FETCH response for message %1 that Magpie could not read: %2.</source>
        <translation>Le serveur a envoyé pour le message %1 une réponse FETCH que Magpie n’a pas pu lire : %2.</translation>
    </message>
    <message>
        <source>it is not a FETCH response with a message number</source>
        <translation>ce n’est pas une réponse FETCH avec un numéro de message</translation>
    </message>
    <message>
        <source>its data is not one parenthesized list</source>
        <translation>ses données ne forment pas une seule liste entre parenthèses</translation>
    </message>
    <message>
        <source>an item has no value</source>
        <translation>un élément n’a pas de valeur</translation>
    </message>
    <message>
        <source>an item name is not an atom</source>
        <translation>un nom d’élément n’est pas un atome</translation>
    </message>
</context>
<context>
    <name>magpie::imap::FlagList</name>
    <message>
        <source>&quot;%1&quot; cannot be used as a message flag: a flag is one word without spaces, quotes or brackets.</source>
        <translation>« %1 » ne peut pas servir d’indicateur de message : un indicateur est un seul mot sans espaces, guillemets ni crochets.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::IdJob</name>
    <message>
        <source>Introducing Magpie to %1 (ID)</source>
        <translation>La présentation de Magpie à %1 (ID)</translation>
    </message>
</context>
<context>
    <name>magpie::imap::IdleJob</name>
    <message>
        <source>%1 does not support IDLE, so new mail can only be found by checking.</source>
        <translation>%1 ne prend pas en charge IDLE : les nouveaux messages ne peuvent donc être trouvés qu’en relevant le courrier.</translation>
    </message>
    <message>
        <source>Waiting for new mail (IDLE)</source>
        <translation>L’attente de nouveaux messages (IDLE)</translation>
    </message>
</context>
<context>
    <name>magpie::imap::ImapCommand</name>
    <message>
        <source>The command name &quot;%1&quot; is not valid.</source>
        <translation>Le nom de commande « %1 » n’est pas valide.</translation>
    </message>
    <message>
        <source>The command %1 cannot be sent: &quot;%2&quot; is not an IMAP atom.</source>
        <translation>La commande %1 ne peut pas être envoyée : « %2 » n’est pas un atome IMAP.</translation>
    </message>
    <message>
        <source>The mailbox name</source>
        <translation>Le nom du dossier</translation>
    </message>
    <message>
        <source>The message contains NUL bytes, which the server cannot receive: it does not offer the BINARY extension (RFC 3516).</source>
        <translation>Le message contient des octets NUL, que le serveur ne peut pas recevoir : il ne propose pas l’extension BINARY (RFC 3516).</translation>
    </message>
    <message>
        <source>The password</source>
        <translation>Le mot de passe</translation>
    </message>
    <message>
        <source>The command %1 cannot be sent: an argument contains a line break or a NUL character.</source>
        <translation>La commande %1 ne peut pas être envoyée : un argument contient un saut de ligne ou un caractère NUL.</translation>
    </message>
    <message>
        <source>The command %1 cannot be sent: it names no messages.</source>
        <translation>La commande %1 ne peut pas être envoyée : elle ne désigne aucun message.</translation>
    </message>
    <message>
        <source>The command %1 cannot be sent: its parentheses do not match.</source>
        <translation>La commande %1 ne peut pas être envoyée : ses parenthèses ne sont pas équilibrées.</translation>
    </message>
    <message>
        <source>An argument of %1</source>
        <translation>Un argument de %1</translation>
    </message>
    <message>
        <source>%1 contains a NUL character, which IMAP cannot carry.</source>
        <translation>%1 contient un caractère NUL, qu’IMAP ne peut pas transmettre.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::ImapJob</name>
    <message>
        <source>%1 asked for more data (“+ %2”) when Magpie had nothing more to send.</source>
        <translation>%1 a demandé davantage de données (« + %2 ») alors que Magpie n’avait plus rien à envoyer.</translation>
    </message>
    <message>
        <source>%1 failed: the server answered %2 without saying why.</source>
        <translation>%1 a échoué : le serveur a répondu %2 sans dire pourquoi.</translation>
    </message>
    <message>
        <source>%1 failed: the server answered “%2”.</source>
        <translation>%1 a échoué : le serveur a répondu « %2 ».</translation>
    </message>
</context>
<context>
    <name>magpie::imap::ImapResponseParser</name>
    <message>
        <source>a line longer than %1 bytes</source>
        <translation>une ligne de plus de %1 octets</translation>
    </message>
    <message>
        <source>an empty line</source>
        <translation>une ligne vide</translation>
    </message>
    <message>
        <source>a missing tag</source>
        <translation>une étiquette manquante</translation>
    </message>
    <message>
        <source>a tag without a status (OK, NO or BAD)</source>
        <translation>une étiquette sans statut (OK, NO ou BAD)</translation>
    </message>
    <message>
        <source>a message number out of range</source>
        <translation>un numéro de message hors limites</translation>
    </message>
    <message>
        <source>a malformed message number</source>
        <translation>un numéro de message mal formé</translation>
    </message>
    <message>
        <source>a response without a name</source>
        <translation>une réponse sans nom</translation>
    </message>
    <message>
        <source>unexpected text</source>
        <translation>du texte inattendu</translation>
    </message>
    <message>
        <source>The server sent a response Magpie could not read: %1 in &quot;%2&quot;.</source>
        <translation>Le serveur a envoyé une réponse que Magpie n’a pas pu lire : %1 dans « %2 ».</translation>
    </message>
    <message>
        <source>a value is missing</source>
        <translation>une valeur manque</translation>
    </message>
    <message>
        <source>unbalanced parenthesis</source>
        <translation>parenthèses non équilibrées</translation>
    </message>
    <message>
        <source>lists nested too deeply</source>
        <translation>listes imbriquées trop profondément</translation>
    </message>
    <message>
        <source>unterminated quoted string</source>
        <translation>chaîne entre guillemets non terminée</translation>
    </message>
    <message>
        <source>bad literal syntax</source>
        <translation>syntaxe de littéral incorrecte</translation>
    </message>
</context>
<context>
    <name>magpie::imap::ImapSession</name>
    <message>
        <source>Connecting to %1</source>
        <translation>Connexion à %1</translation>
    </message>
    <message>
        <source>The connection to %1 was stopped.</source>
        <translation>La connexion à %1 a été interrompue.</translation>
    </message>
    <message>
        <source>Magpie is not connected to %1.</source>
        <translation>Magpie n’est pas connecté à %1.</translation>
    </message>
    <message>
        <source>%1 established (%2)</source>
        <translation>%1 établi (%2)</translation>
    </message>
    <message>
        <source>discarded %1 bytes received before the TLS handshake</source>
        <translation>%1 octets reçus avant la négociation TLS ignorés</translation>
    </message>
    <message>
        <source>COMPRESS=DEFLATE in force</source>
        <translation>COMPRESS=DEFLATE actif</translation>
    </message>
    <message>
        <source>%1 closed the connection: “%2”.</source>
        <translation>%1 a fermé la connexion : « %2 ».</translation>
    </message>
    <message>
        <source>The connection to %1 was closed unexpectedly.</source>
        <translation>La connexion à %1 a été fermée de manière inattendue.</translation>
    </message>
    <message>
        <source>The connection to %1 was closed.</source>
        <translation>La connexion à %1 a été fermée.</translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS, so Magpie will not send your password unencrypted. Choose SSL/TLS or ask your provider.</source>
        <translation>%1 ne propose pas STARTTLS : Magpie n’enverra donc pas votre mot de passe en clair. Choisissez SSL/TLS ou contactez votre fournisseur.</translation>
    </message>
    <message>
        <source>%1 did not greet like an IMAP server. Check the server name and port.</source>
        <translation>%1 n’a pas répondu comme un serveur IMAP. Vérifiez le nom du serveur et le port.</translation>
    </message>
    <message>
        <source>%1 is not accepting connections: “%2”.</source>
        <translation>%1 n’accepte pas de connexions : « %2 ».</translation>
    </message>
    <message>
        <source>%1 logged the connection in before it could be encrypted (PREAUTH), so STARTTLS is impossible and Magpie will not go on unencrypted. Choose SSL/TLS or ask your provider.</source>
        <translation>%1 a authentifié la connexion avant qu’elle ne puisse être chiffrée (PREAUTH) : STARTTLS est donc impossible et Magpie ne continuera pas sans chiffrement. Choisissez SSL/TLS ou contactez votre fournisseur.</translation>
    </message>
    <message>
        <source>%1 sent a greeting Magpie could not read: %2</source>
        <translation>%1 a envoyé un message d’accueil que Magpie n’a pas pu lire : %2</translation>
    </message>
    <message>
        <source>ignored a VANISHED response with an unreadable UID set</source>
        <translation>réponse VANISHED avec un ensemble d’UID illisible ignorée</translation>
    </message>
    <message>
        <source>ignored a FETCH response Magpie could not read: %1</source>
        <translation>réponse FETCH illisible par Magpie ignorée : %1</translation>
    </message>
    <message>
        <source>ignored the completion of %1, which no running command was waiting for</source>
        <translation>réponse de fin de %1 ignorée : aucune commande en cours ne l’attendait</translation>
    </message>
    <message>
        <source>ignored a continuation request nobody was waiting for</source>
        <translation>demande de continuation ignorée : personne ne l’attendait</translation>
    </message>
    <message>
        <source>could not read a response: %1</source>
        <translation>impossible de lire une réponse : %1</translation>
    </message>
    <message>
        <source>%1 sent a response Magpie could not read.</source>
        <translation>%1 a envoyé une réponse que Magpie n’a pas pu lire.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::ListJob</name>
    <message>
        <source>a LIST response does not have attributes, delimiter and name</source>
        <translation>il manque à une réponse LIST les attributs, le délimiteur ou le nom</translation>
    </message>
    <message>
        <source>Listing the folders on %1</source>
        <translation>La récupération de la liste des dossiers de %1</translation>
    </message>
    <message>
        <source>%1 sent a folder list Magpie could not read: %2.</source>
        <translation>%1 a envoyé une liste de dossiers que Magpie n’a pas pu lire : %2.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::LoginJob</name>
    <message>
        <source>%1 does not accept a password on an unencrypted connection (LOGINDISABLED). Choose SSL/TLS or STARTTLS in the account settings.</source>
        <translation>%1 n’accepte pas de mot de passe sur une connexion non chiffrée (LOGINDISABLED). Choisissez SSL/TLS ou STARTTLS dans les paramètres du compte.</translation>
    </message>
    <message>
        <source>%1 does not accept a password on this connection (LOGINDISABLED) and offers no sign-in method Magpie can use.</source>
        <translation>%1 n’accepte pas de mot de passe sur cette connexion (LOGINDISABLED) et ne propose aucune méthode d’authentification utilisable par Magpie.</translation>
    </message>
    <message>
        <source>%1 offers no sign-in method Magpie can use with what it was given for %2.</source>
        <translation>%1 ne propose aucune méthode d’authentification que Magpie puisse utiliser avec les identifiants fournis pour %2.</translation>
    </message>
    <message>
        <source>It said: “%1”.</source>
        <translation>Réponse du serveur : « %1 ».</translation>
    </message>
    <message>
        <source>%1 cannot check the password for %2 right now; try again later.</source>
        <translation>%1 ne peut pas vérifier le mot de passe de %2 pour le moment ; réessayez plus tard.</translation>
    </message>
    <message>
        <source>The password for %1 has expired. Change it with your provider.</source>
        <translation>Le mot de passe de %1 a expiré. Modifiez-le auprès de votre fournisseur.</translation>
    </message>
    <message>
        <source>%1 sent a sign-in challenge for %2 that Magpie could not answer.</source>
        <translation>%1 a envoyé un défi d’authentification pour %2 auquel Magpie n’a pas pu répondre.</translation>
    </message>
    <message>
        <source>The server refused the sign-in token for %1 (%2). Sign in to the account again.</source>
        <translation>Le serveur a refusé le jeton d’authentification de %1 (%2). Authentifiez-vous à nouveau sur le compte.</translation>
    </message>
    <message>
        <source>The server refused the sign-in token for %1.</source>
        <translation>Le serveur a refusé le jeton d’authentification de %1.</translation>
    </message>
    <message>
        <source>The server refused the password for %1.</source>
        <translation>Le serveur a refusé le mot de passe de %1.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::MoveJob</name>
    <message>
        <source>1 message</source>
        <translation>1 message</translation>
    </message>
    <message numerus="yes">
        <source>%n messages</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
    <message>
        <source>Moving %1 to %2</source>
        <translation>Le déplacement de %1 vers %2</translation>
    </message>
    <message>
        <source>Moving messages needs a destination folder.</source>
        <translation>Le déplacement de messages nécessite un dossier de destination.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist on the server.</source>
        <translation>Le dossier %1 n’existe pas sur le serveur.</translation>
    </message>
    <message>
        <source>Moving 1 message to %1: it was copied, but marking the original in %2 as deleted</source>
        <translation>Le déplacement d’un message vers %1 : il a été copié, mais le marquage de l’original dans %2 comme supprimé</translation>
    </message>
    <message>
        <source>Moving %1 to %2: they were copied, but marking the originals in %3 as deleted</source>
        <translation>Le déplacement de %1 vers %2 : ils ont été copiés, mais le marquage des originaux dans %3 comme supprimés</translation>
    </message>
    <message>
        <source>The message was copied to %1 and marked as deleted in %2. The server cannot remove only this one (it lacks UIDPLUS), so it stays in %2, marked as deleted, until the folder is expunged.</source>
        <translation>Le message a été copié vers %1 et marqué comme supprimé dans %2. Le serveur ne peut pas retirer uniquement celui-ci (il ne prend pas en charge UIDPLUS) : il reste donc dans %2, marqué comme supprimé, jusqu’à ce que le dossier soit compacté.</translation>
    </message>
    <message>
        <source>%1 were copied to %2 and marked as deleted in %3. The server cannot remove only these (it lacks UIDPLUS), so they stay in %3, marked as deleted, until the folder is expunged.</source>
        <translation>%1 ont été copiés vers %2 et marqués comme supprimés dans %3. Le serveur ne peut pas retirer uniquement ceux-ci (il ne prend pas en charge UIDPLUS) : ils restent donc dans %3, marqués comme supprimés, jusqu’à ce que le dossier soit compacté.</translation>
    </message>
    <message>
        <source>Moving 1 message to %1: it was copied and marked as deleted in %2, but removing it from there</source>
        <translation>Le déplacement d’un message vers %1 : il a été copié et marqué comme supprimé dans %2, mais son retrait de ce dossier</translation>
    </message>
    <message>
        <source>Moving %1 to %2: they were copied and marked as deleted in %3, but removing them from there</source>
        <translation>Le déplacement de %1 vers %2 : ils ont été copiés et marqués comme supprimés dans %3, mais leur retrait de ce dossier</translation>
    </message>
</context>
<context>
    <name>magpie::imap::NamespaceJob</name>
    <message>
        <source>the NAMESPACE response has %1 parts instead of 3</source>
        <translation>la réponse NAMESPACE a %1 parties au lieu de 3</translation>
    </message>
    <message>
        <source>a namespace group is neither NIL nor a list</source>
        <translation>un groupe d’espaces de noms n’est ni NIL ni une liste</translation>
    </message>
    <message>
        <source>a namespace lacks its prefix or delimiter</source>
        <translation>il manque à un espace de noms son préfixe ou son délimiteur</translation>
    </message>
    <message>
        <source>Asking %1 for its namespaces</source>
        <translation>La demande des espaces de noms de %1</translation>
    </message>
    <message>
        <source>%1 sent a namespace list Magpie could not read: %2.</source>
        <translation>%1 a envoyé une liste d’espaces de noms que Magpie n’a pas pu lire : %2.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::NoopJob</name>
    <message>
        <source>Checking %1 for changes</source>
        <translation>La vérification des changements sur %1</translation>
    </message>
</context>
<context>
    <name>magpie::imap::SearchCriteria</name>
    <message>
        <source>A search by date needs a valid date.</source>
        <translation>Une recherche par date nécessite une date valide.</translation>
    </message>
    <message>
        <source>A search among chosen messages needs at least one message.</source>
        <translation>Une recherche parmi des messages choisis nécessite au moins un message.</translation>
    </message>
    <message>
        <source>Search text cannot contain a NUL character.</source>
        <translation>Le texte recherché ne peut pas contenir de caractère NUL.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::SearchJob</name>
    <message>
        <source>Searching messages</source>
        <translation>La recherche de messages</translation>
    </message>
    <message>
        <source>Searching %1</source>
        <translation>La recherche dans %1</translation>
    </message>
    <message>
        <source>%1 by modification sequence needs the server&apos;s CONDSTORE extension (RFC 7162), which it does not offer.</source>
        <translation>%1 par séquence de modification nécessite l’extension CONDSTORE du serveur (RFC 7162), qu’il ne propose pas.</translation>
    </message>
    <message>
        <source>a %1 response that does not list messages</source>
        <translation>une réponse %1 qui ne liste pas de messages</translation>
    </message>
    <message>
        <source>%1 failed: the server sent a response Magpie cannot read (%2).</source>
        <translation>%1 a échoué : le serveur a envoyé une réponse que Magpie ne peut pas lire (%2).</translation>
    </message>
</context>
<context>
    <name>magpie::imap::SelectJob</name>
    <message>
        <source>Opening %1 read-only</source>
        <translation>L’ouverture de %1 en lecture seule</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>L’ouverture de %1</translation>
    </message>
</context>
<context>
    <name>magpie::imap::StartTlsJob</name>
    <message>
        <source>%1 refused STARTTLS (“%2”), so Magpie will not send your password unencrypted. Choose SSL/TLS or ask your provider.</source>
        <translation>%1 a refusé STARTTLS (« %2 ») : Magpie n’enverra donc pas votre mot de passe en clair. Choisissez SSL/TLS ou contactez votre fournisseur.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::StatusJob</name>
    <message>
        <source>Counting the messages in %1</source>
        <translation>Le comptage des messages de %1</translation>
    </message>
    <message>
        <source>%1 answered STATUS for %2 without the counts.</source>
        <translation>%1 a répondu à STATUS pour %2 sans les compteurs.</translation>
    </message>
</context>
<context>
    <name>magpie::imap::StoreJob</name>
    <message>
        <source>Changing the flags of 1 message in %1</source>
        <translation>La modification des indicateurs d’un message dans %1</translation>
    </message>
    <message numerus="yes">
        <source>Changing the flags of %n messages in %1</source>
        <translation>
            <numerusform>La modification des indicateurs de %n message dans %1</numerusform>
            <numerusform>La modification des indicateurs de %n messages dans %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 only where nothing changed needs the server to keep modification sequences (CONDSTORE, RFC 7162), and it does not.</source>
        <translation>%1 uniquement là où rien n’a changé nécessite que le serveur tienne des séquences de modification (CONDSTORE, RFC 7162), ce qu’il ne fait pas.</translation>
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
    <name>magpie::models::AttachmentModel</name>
    <message>
        <source>Forwarded message</source>
        <translation>Message transféré</translation>
    </message>
    <message>
        <source>Attachment %1</source>
        <translation>Pièce jointe %1</translation>
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
        <translation>Boîte de réception</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n unread</source>
        <translation>
            <numerusform>%1 : %n non lu</numerusform>
            <numerusform>%1 : %n non lus</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in all</source>
        <translation>
            <numerusform>%n au total</numerusform>
            <numerusform>%n au total</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>magpie::models::MessageListModel</name>
    <message>
        <source>(no subject)</source>
        <translation>(sans sujet)</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Suivi</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Pièces jointes</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Destinataire</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Expéditeur</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
</context>
<context>
    <name>magpie::net::CertificateProblem</name>
    <message>
        <source>The certificate for %1 has been revoked by its issuer.</source>
        <translation>Le certificat de %1 a été révoqué par son émetteur.</translation>
    </message>
    <message>
        <source>The certificate is for %1, not %2.</source>
        <translation>Le certificat est établi pour %1, et non pour %2.</translation>
    </message>
    <message>
        <source>The certificate for %1 expired on %2.</source>
        <translation>Le certificat de %1 a expiré le %2.</translation>
    </message>
    <message>
        <source>The certificate of %1, which vouches for %2, expired on %3.</source>
        <translation>Le certificat de %1, qui garantit %2, a expiré le %3.</translation>
    </message>
    <message>
        <source>The certificate for %1 is not valid until %2.</source>
        <translation>Le certificat de %1 n’est valide qu’à partir du %2.</translation>
    </message>
    <message>
        <source>The certificate of %1, which vouches for %2, is not valid until %3.</source>
        <translation>Le certificat de %1, qui garantit %2, n’est valide qu’à partir du %3.</translation>
    </message>
    <message>
        <source>The certificate for %1 is self-signed, so nobody vouches for it.</source>
        <translation>Le certificat de %1 est auto-signé : personne ne s’en porte donc garant.</translation>
    </message>
    <message>
        <source>The certificate for %1 was issued by %2, which this computer does not trust.</source>
        <translation>Le certificat de %1 a été émis par %2, auquel cet ordinateur ne fait pas confiance.</translation>
    </message>
    <message>
        <source>The certificate for %1 cannot be trusted: %2.</source>
        <translation>Le certificat de %1 n’est pas digne de confiance : %2.</translation>
    </message>
    <message>
        <source>The certificate for %1 cannot be trusted.</source>
        <translation>Le certificat de %1 n’est pas digne de confiance.</translation>
    </message>
    <message>
        <source>If you trust this certificate, pin its fingerprint (SHA-256 %1).</source>
        <translation>Si vous faites confiance à ce certificat, épinglez son empreinte (SHA-256 %1).</translation>
    </message>
</context>
<context>
    <name>magpie::net::Connection</name>
    <message>
        <source>%1 milliseconds</source>
        <translation>%1 millisecondes</translation>
    </message>
    <message>
        <source>1 second</source>
        <translation>1 seconde</translation>
    </message>
    <message>
        <source>%1 seconds</source>
        <translation>%1 secondes</translation>
    </message>
    <message>
        <source>The compressed data from %1 is corrupt; the connection was closed.</source>
        <translation>Les données compressées reçues de %1 sont corrompues ; la connexion a été fermée.</translation>
    </message>
    <message>
        <source>Check the port and the security setting (TLS or STARTTLS) in the account settings.</source>
        <translation>Vérifiez le port et la sécurité de la connexion (TLS ou STARTTLS) dans les paramètres du compte.</translation>
    </message>
    <message>
        <source>Magpie could not find the server %1. Check the server name in the account settings.</source>
        <translation>Magpie n’a pas trouvé le serveur %1. Vérifiez le nom du serveur dans les paramètres du compte.</translation>
    </message>
    <message>
        <source>The server %1 refused the connection on port %2. Check the port in the account settings, or whether the server is running.</source>
        <translation>Le serveur %1 a refusé la connexion sur le port %2. Vérifiez le port dans les paramètres du compte, ou que le serveur est bien en marche.</translation>
    </message>
    <message>
        <source>The connection to %1 timed out.</source>
        <translation>Le délai de connexion à %1 a expiré.</translation>
    </message>
    <message>
        <source>The secure connection to %1 could not be set up (%2). </source>
        <translation>La connexion sécurisée à %1 n’a pas pu être établie (%2). </translation>
    </message>
    <message>
        <source>The server %1 closed the connection during the TLS handshake. </source>
        <translation>Le serveur %1 a fermé la connexion pendant la négociation TLS. </translation>
    </message>
    <message>
        <source>The connection to %1 was closed unexpectedly.</source>
        <translation>La connexion à %1 a été fermée de manière inattendue.</translation>
    </message>
    <message>
        <source>Magpie could not connect to %1: %2.</source>
        <translation>Magpie n’a pas pu se connecter à %1 : %2.</translation>
    </message>
    <message>
        <source>The connection to %1 was lost: %2.</source>
        <translation>La connexion à %1 a été perdue : %2.</translation>
    </message>
    <message>
        <source>The secure connection to %1 was not set up within %2.</source>
        <translation>La connexion sécurisée à %1 n’a pas été établie dans un délai de %2.</translation>
    </message>
    <message>
        <source>Magpie could not connect to %1 within %2. Check the server name and port, or your network connection.</source>
        <translation>Magpie n’a pas pu se connecter à %1 dans un délai de %2. Vérifiez le nom du serveur et le port, ou votre connexion réseau.</translation>
    </message>
    <message>
        <source>The server %1 did not answer within %2.</source>
        <translation>Le serveur %1 n’a pas répondu dans un délai de %2.</translation>
    </message>
</context>
<context>
    <name>magpie::net::SaslClient</name>
    <message>
        <source>There is no password or access token to log in as %1.</source>
        <translation>Il n’y a ni mot de passe ni jeton d’accès pour s’authentifier en tant que %1.</translation>
    </message>
    <message>
        <source>The server does not offer any way to log in (no SASL mechanism).</source>
        <translation>Le serveur ne propose aucun moyen de s’authentifier (aucun mécanisme SASL).</translation>
    </message>
    <message>
        <source>The server offers %1, but Magpie can log in only with OAUTHBEARER, XOAUTH2, PLAIN or LOGIN.</source>
        <translation>Le serveur propose %1, mais Magpie ne sait s’authentifier qu’avec OAUTHBEARER, XOAUTH2, PLAIN ou LOGIN.</translation>
    </message>
    <message>
        <source>The server offers %1, but an access token needs OAUTHBEARER or XOAUTH2. Use a password for this account instead.</source>
        <translation>Le serveur propose %1, mais un jeton d’accès nécessite OAUTHBEARER ou XOAUTH2. Utilisez plutôt un mot de passe pour ce compte.</translation>
    </message>
    <message>
        <source>The server offers %1, but a password needs PLAIN or LOGIN. Use an access token (OAuth) for this account instead.</source>
        <translation>Le serveur propose %1, mais un mot de passe nécessite PLAIN ou LOGIN. Utilisez plutôt un jeton d’accès (OAuth) pour ce compte.</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3DeleteJob</name>
    <message>
        <source>Deleting message %1</source>
        <translation>La suppression du message %1</translation>
    </message>
    <message>
        <source>Deleting messages %1</source>
        <translation>La suppression des messages %1</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3Job</name>
    <message>
        <source>%1 failed; the server gave no reason.</source>
        <translation>%1 a échoué ; le serveur n’a donné aucune raison.</translation>
    </message>
    <message>
        <source>%1 failed: the server said “%2”.</source>
        <translation>%1 a échoué : le serveur a répondu « %2 ».</translation>
    </message>
    <message>
        <source>Try again later.</source>
        <translation>Réessayez plus tard.</translation>
    </message>
    <message>
        <source>There is no message number 0: POP3 numbers messages from 1.</source>
        <translation>Il n’y a pas de message numéro 0 : POP3 numérote les messages à partir de 1.</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3ListJob</name>
    <message>
        <source>Listing message %1</source>
        <translation>Le listage du message %1</translation>
    </message>
    <message>
        <source>Listing the messages</source>
        <translation>Le listage des messages</translation>
    </message>
    <message>
        <source>The server %1 sent a message listing with an overlong line.</source>
        <translation>Le serveur %1 a envoyé une liste de messages contenant une ligne trop longue.</translation>
    </message>
    <message>
        <source>The server %1 sent a message listing Magpie cannot read (“%2”).</source>
        <translation>Le serveur %1 a envoyé une liste de messages que Magpie ne peut pas lire (« %2 »).</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3LoginJob</name>
    <message>
        <source>Enter a user name to log in to %1.</source>
        <translation>Saisissez un nom d’utilisateur pour vous authentifier sur %1.</translation>
    </message>
    <message>
        <source>The user name or password for %1 contains a line break or a NUL character, which cannot be sent to a POP3 server. Check the account settings.</source>
        <translation>Le nom d’utilisateur ou le mot de passe de %1 contient un saut de ligne ou un caractère NUL, qui ne peut pas être envoyé à un serveur POP3. Vérifiez les paramètres du compte.</translation>
    </message>
    <message>
        <source>The server %1 offers no way to log in with an access token (it lists no OAUTHBEARER or XOAUTH2).</source>
        <translation>Le serveur %1 ne propose aucun moyen de s’authentifier avec un jeton d’accès (il n’indique ni OAUTHBEARER ni XOAUTH2).</translation>
    </message>
    <message>
        <source>The server %1 offers no SASL authentication (AUTH).</source>
        <translation>Le serveur %1 ne propose pas d’authentification SASL (AUTH).</translation>
    </message>
    <message>
        <source>The server %1 does not offer logging in with USER and PASS either. It may allow it only over an encrypted connection: choose TLS or STARTTLS in the account settings.</source>
        <translation>Le serveur %1 ne propose pas non plus l’authentification par USER et PASS. Il ne l’autorise peut-être que sur une connexion chiffrée : choisissez TLS ou STARTTLS dans les paramètres du compte.</translation>
    </message>
    <message>
        <source>The server %1 does not offer APOP: its greeting has no timestamp. Log in with the password instead (USER/PASS or SASL).</source>
        <translation>Le serveur %1 ne propose pas APOP : son message d’accueil ne contient pas d’horodatage. Authentifiez-vous plutôt avec le mot de passe (USER/PASS ou SASL).</translation>
    </message>
    <message>
        <source>The user name “%1” contains a space, which APOP cannot send. Log in with the password instead (USER/PASS or SASL).</source>
        <translation>Le nom d’utilisateur « %1 » contient une espace, qu’APOP ne peut pas envoyer. Authentifiez-vous plutôt avec le mot de passe (USER/PASS ou SASL).</translation>
    </message>
    <message>
        <source>The server said: “%1”</source>
        <translation>Le serveur a répondu : « %1 »</translation>
    </message>
    <message>
        <source>Another program is using this mailbox on %1 (POP3 lets only one in at a time). Close the other mail program or wait a few minutes, then try again.</source>
        <translation>Un autre programme utilise cette boîte aux lettres sur %1 (POP3 n’autorise qu’un accès à la fois). Fermez l’autre logiciel de messagerie ou patientez quelques minutes, puis réessayez.</translation>
    </message>
    <message>
        <source>The server %1 allows logging in to this mailbox only every few minutes; try again later.</source>
        <translation>Le serveur %1 n’autorise l’authentification sur cette boîte aux lettres qu’à quelques minutes d’intervalle ; réessayez plus tard.</translation>
    </message>
    <message>
        <source>The server %1 has a temporary problem and could not log in %2; try again later.</source>
        <translation>Le serveur %1 rencontre un problème temporaire et n’a pas pu authentifier %2 ; réessayez plus tard.</translation>
    </message>
    <message>
        <source>The server %1 does not let %2 log in.</source>
        <translation>Le serveur %1 n’autorise pas %2 à s’authentifier.</translation>
    </message>
    <message>
        <source>The server refused the access token for %1.</source>
        <translation>Le serveur a refusé le jeton d’accès de %1.</translation>
    </message>
    <message>
        <source>The server refused the password for %1.</source>
        <translation>Le serveur a refusé le mot de passe de %1.</translation>
    </message>
    <message>
        <source>Its explanation: %1</source>
        <translation>Explication : %1</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3NoopJob</name>
    <message>
        <source>Checking the connection</source>
        <translation>La vérification de la connexion</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3ResetJob</name>
    <message>
        <source>Undoing the deletions</source>
        <translation>L’annulation des suppressions</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3RetrieveJob</name>
    <message>
        <source>Downloading message %1</source>
        <translation>Le téléchargement du message %1</translation>
    </message>
    <message>
        <source>Magpie cannot save message %1: the file is not open for writing.</source>
        <translation>Magpie ne peut pas enregistrer le message %1 : le fichier n’est pas ouvert en écriture.</translation>
    </message>
    <message>
        <source>%1 stopped: Magpie could not save it (%2).</source>
        <translation>%1 a été interrompu : Magpie n’a pas pu enregistrer les données (%2).</translation>
    </message>
    <message>
        <source>%1 was cut off after %2 bytes; nothing of it was kept.</source>
        <translation>%1 a été interrompu après %2 octets ; rien n’en a été conservé.</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3Session</name>
    <message>
        <source>Connecting to %1</source>
        <translation>Connexion à %1</translation>
    </message>
    <message>
        <source>The connection to %1 was closed before the command finished.</source>
        <translation>La connexion à %1 a été fermée avant la fin de la commande.</translation>
    </message>
    <message>
        <source>%1 established (%2)</source>
        <translation>%1 établi (%2)</translation>
    </message>
    <message>
        <source>The server %1 sent a reply that is not POP3: “%2”.</source>
        <translation>Le serveur %1 a envoyé une réponse qui n’est pas du POP3 : « %2 ».</translation>
    </message>
    <message>
        <source>Ignored a reply to no command</source>
        <translation>Réponse sans commande correspondante ignorée</translation>
    </message>
    <message>
        <source>The server %1 asked for more (“%2”) where a POP3 answer was due.</source>
        <translation>Le serveur %1 a demandé davantage (« %2 ») là où une réponse POP3 était attendue.</translation>
    </message>
    <message>
        <source>The server %1 is not taking connections now (it said “%2”). Try again later.</source>
        <translation>Le serveur %1 n’accepte pas de connexions pour le moment (il a répondu « %2 »). Réessayez plus tard.</translation>
    </message>
    <message>
        <source>The server %1 did not greet like a POP3 server (it said “%2”). Check the port in the account settings.</source>
        <translation>Le serveur %1 n’a pas répondu comme un serveur POP3 (sa réponse : « %2 »). Vérifiez le port dans les paramètres du compte.</translation>
    </message>
    <message>
        <source>The server %1 refused to start TLS (it said “%2”), so the connection cannot be encrypted. Magpie does not continue without encryption; choose TLS (port 995) in the account settings, or ask the provider.</source>
        <translation>Le serveur %1 a refusé de démarrer TLS (il a répondu « %2 ») : la connexion ne peut donc pas être chiffrée. Magpie ne continue pas sans chiffrement ; choisissez TLS (port 995) dans les paramètres du compte, ou contactez le fournisseur.</translation>
    </message>
    <message>
        <source>Discarded 1 byte received before the TLS handshake</source>
        <translation>1 octet reçu avant la négociation TLS ignoré</translation>
    </message>
    <message>
        <source>Discarded %1 bytes received before the TLS handshake</source>
        <translation>%1 octets reçus avant la négociation TLS ignorés</translation>
    </message>
    <message>
        <source>The server %1 did not confirm the end of the session (it said “%2”); messages marked for deletion may still be on the server.</source>
        <translation>Le serveur %1 n’a pas confirmé la fin de la session (il a répondu « %2 ») ; les messages marqués pour suppression sont peut-être encore sur le serveur.</translation>
    </message>
    <message>
        <source>The server %1 does not offer STLS, so the connection cannot be encrypted. Magpie does not continue without encryption; choose TLS (port 995) in the account settings, or ask the provider.</source>
        <translation>Le serveur %1 ne propose pas STLS : la connexion ne peut donc pas être chiffrée. Magpie ne continue pas sans chiffrement ; choisissez TLS (port 995) dans les paramètres du compte, ou contactez le fournisseur.</translation>
    </message>
    <message>
        <source>Magpie did not send a command to %1: an argument contains a line break or a NUL character.</source>
        <translation>Magpie n’a pas envoyé de commande à %1 : un argument contient un saut de ligne ou un caractère NUL.</translation>
    </message>
    <message>
        <source>There is no connection to %1 any more.</source>
        <translation>Il n’y a plus de connexion à %1.</translation>
    </message>
    <message>
        <source>The connection to %1 has ended; connect again.</source>
        <translation>La connexion à %1 est terminée ; reconnectez-vous.</translation>
    </message>
    <message>
        <source>The server %1 closed the connection.</source>
        <translation>Le serveur %1 a fermé la connexion.</translation>
    </message>
    <message>
        <source>The server %1 closed the connection without confirming the end of the session; messages marked for deletion may still be on the server.</source>
        <translation>Le serveur %1 a fermé la connexion sans confirmer la fin de la session ; les messages marqués pour suppression sont peut-être encore sur le serveur.</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3StatJob</name>
    <message>
        <source>Counting the messages</source>
        <translation>Le comptage des messages</translation>
    </message>
    <message>
        <source>The server %1 answered STAT with “%2”, which is not a message count and size.</source>
        <translation>Le serveur %1 a répondu à STAT par « %2 », qui n’est pas un nombre de messages suivi d’une taille.</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3TopJob</name>
    <message>
        <source>Downloading the start of message %1</source>
        <translation>Le téléchargement du début du message %1</translation>
    </message>
</context>
<context>
    <name>magpie::pop3::Pop3UidlJob</name>
    <message>
        <source>Asking for the unique-id of message %1</source>
        <translation>La demande de l’identifiant unique du message %1</translation>
    </message>
    <message>
        <source>Asking for the messages&apos; unique-ids</source>
        <translation>La demande des identifiants uniques des messages</translation>
    </message>
    <message>
        <source>The server %1 sent a unique-id listing with an overlong line.</source>
        <translation>Le serveur %1 a envoyé une liste d’identifiants uniques contenant une ligne trop longue.</translation>
    </message>
    <message>
        <source>The server %1 sent a unique-id listing Magpie cannot read (“%2”).</source>
        <translation>Le serveur %1 a envoyé une liste d’identifiants uniques que Magpie ne peut pas lire (« %2 »).</translation>
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
    <message>
        <source>Keeping mail in %1 needs Maildir folders, which this Windows build of Magpie cannot write yet. Keep the mail in memory instead (magpie-server --memory).</source>
        <translation>Conserver le courrier dans %1 nécessite des dossiers Maildir, que cette version Windows de Magpie ne peut pas encore écrire. Conservez plutôt le courrier en mémoire (magpie-server --memory).</translation>
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
    <name>magpie::smtp::SmtpEnvelope</name>
    <message>
        <source>contains a line break</source>
        <translation>contient un saut de ligne</translation>
    </message>
    <message>
        <source>contains a NUL character</source>
        <translation>contient un caractère NUL</translation>
    </message>
    <message>
        <source>contains a control character</source>
        <translation>contient un caractère de contrôle</translation>
    </message>
    <message>
        <source>is empty</source>
        <translation>est vide</translation>
    </message>
    <message>
        <source>contains an invalid character</source>
        <translation>contient un caractère non valide</translation>
    </message>
    <message>
        <source>has angle brackets; give the bare address, like bob@example.com</source>
        <translation>est entre chevrons ; donnez l’adresse seule, par exemple bob@example.com</translation>
    </message>
    <message>
        <source>has no &quot;@&quot; and domain</source>
        <translation>n’a pas de « @ » suivi d’un domaine</translation>
    </message>
    <message>
        <source>has nothing before the &quot;@&quot;</source>
        <translation>n’a rien avant le « @ »</translation>
    </message>
    <message>
        <source>has a quoted local part that is not closed properly</source>
        <translation>a une partie locale entre guillemets mal fermée</translation>
    </message>
    <message>
        <source>has an empty quoted local part</source>
        <translation>a une partie locale entre guillemets vide</translation>
    </message>
    <message>
        <source>has more than one &quot;@&quot;</source>
        <translation>contient plus d’un « @ »</translation>
    </message>
    <message>
        <source>has a part before the &quot;@&quot; longer than %1 bytes</source>
        <translation>a une partie avant le « @ » de plus de %1 octets</translation>
    </message>
    <message>
        <source>has an invalid address literal after the &quot;@&quot;</source>
        <translation>a un littéral d’adresse non valide après le « @ »</translation>
    </message>
    <message>
        <source>has an invalid domain after the &quot;@&quot;</source>
        <translation>a un domaine non valide après le « @ »</translation>
    </message>
    <message>
        <source>has a domain longer than %1 bytes</source>
        <translation>a un domaine de plus de %1 octets</translation>
    </message>
    <message>
        <source>does not exist</source>
        <translation>n’existe pas</translation>
    </message>
    <message>
        <source>The sender address &quot;%1&quot; %2; nothing was sent.</source>
        <translation>L’adresse d’expéditeur « %1 » %2 ; rien n’a été envoyé.</translation>
    </message>
    <message>
        <source>The message has no recipients; add at least one address. Nothing was sent.</source>
        <translation>Le message n’a aucun destinataire ; ajoutez au moins une adresse. Rien n’a été envoyé.</translation>
    </message>
    <message>
        <source>The recipient address &quot;%1&quot; %2; nothing was sent.</source>
        <translation>L’adresse de destinataire « %1 » %2 ; rien n’a été envoyé.</translation>
    </message>
</context>
<context>
    <name>magpie::smtp::SmtpJob</name>
    <message>
        <source>The server refused %1: %2</source>
        <translation>Le serveur a refusé %1 : %2</translation>
    </message>
</context>
<context>
    <name>magpie::smtp::SmtpLoginJob</name>
    <message>
        <source>%1 does not offer a way to log in (no AUTH in its EHLO reply).</source>
        <translation>%1 ne propose aucun moyen de s’authentifier (pas d’AUTH dans sa réponse à EHLO).</translation>
    </message>
    <message>
        <source>Many servers offer it only over an encrypted connection: choose STARTTLS or TLS for this account.</source>
        <translation>De nombreux serveurs ne la proposent que sur une connexion chiffrée : choisissez STARTTLS ou TLS pour ce compte.</translation>
    </message>
    <message>
        <source>%1 offers no login method Magpie can use (it offers %2).</source>
        <translation>%1 ne propose aucune méthode d’authentification utilisable par Magpie (il propose %2).</translation>
    </message>
    <message>
        <source>%1 asked more than the %2 login method answers; the login was cancelled.</source>
        <translation>%1 a demandé plus que ce à quoi répond la méthode d’authentification %2 ; l’authentification a été annulée.</translation>
    </message>
    <message>
        <source>%1 sent a login challenge that is not valid base64; the login was cancelled.</source>
        <translation>%1 a envoyé un défi d’authentification qui n’est pas du base64 valide ; l’authentification a été annulée.</translation>
    </message>
    <message>
        <source>The server refused the access token for %1.</source>
        <translation>Le serveur a refusé le jeton d’accès de %1.</translation>
    </message>
    <message>
        <source>The server refused the password for %1.</source>
        <translation>Le serveur a refusé le mot de passe de %1.</translation>
    </message>
    <message>
        <source>The token was not accepted: %1.</source>
        <translation>Le jeton n’a pas été accepté : %1.</translation>
    </message>
    <message>
        <source>%1 requires an encrypted connection before logging in; choose STARTTLS or TLS for this account.</source>
        <translation>%1 exige une connexion chiffrée avant l’authentification ; choisissez STARTTLS ou TLS pour ce compte.</translation>
    </message>
    <message>
        <source>%1 could not log in %2 just now; try again later.</source>
        <translation>%1 n’a pas pu authentifier %2 pour le moment ; réessayez plus tard.</translation>
    </message>
    <message>
        <source>%1 refused to log in %2.</source>
        <translation>%1 a refusé d’authentifier %2.</translation>
    </message>
    <message>
        <source>It said: %1</source>
        <translation>Réponse du serveur : %1</translation>
    </message>
</context>
<context>
    <name>magpie::smtp::SmtpReplyParser</name>
    <message>
        <source>The server sent a reply line longer than %1 bytes.</source>
        <translation>Le serveur a envoyé une ligne de réponse de plus de %1 octets.</translation>
    </message>
    <message>
        <source>The server sent a reply line with a stray CR or NUL byte.</source>
        <translation>Le serveur a envoyé une ligne de réponse contenant un octet CR ou NUL parasite.</translation>
    </message>
    <message>
        <source>The server sent a reply that does not start with a three-digit code.</source>
        <translation>Le serveur a envoyé une réponse qui ne commence pas par un code à trois chiffres.</translation>
    </message>
    <message>
        <source>The server sent a reply with &quot;%1&quot; after its code instead of a space or a hyphen.</source>
        <translation>Le serveur a envoyé une réponse avec « %1 » après son code au lieu d’une espace ou d’un trait d’union.</translation>
    </message>
    <message>
        <source>The server changed the reply code from %1 to %2 within one reply.</source>
        <translation>Le serveur a changé le code de réponse de %1 à %2 au sein d’une même réponse.</translation>
    </message>
    <message>
        <source>The server sent a reply of more than %1 lines.</source>
        <translation>Le serveur a envoyé une réponse de plus de %1 lignes.</translation>
    </message>
    <message>
        <source>The line was: &quot;%1&quot;.</source>
        <translation>La ligne était : « %1 ».</translation>
    </message>
</context>
<context>
    <name>magpie::smtp::SmtpSendJob</name>
    <message>
        <source>%1 MB</source>
        <translation>%1 Mo</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 Ko</translation>
    </message>
    <message>
        <source>1 byte</source>
        <translation>1 octet</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 octets</translation>
    </message>
    <message>
        <source>The message contains a NUL byte, which SMTP cannot carry; nothing was sent.</source>
        <translation>Le message contient un octet NUL, que SMTP ne peut pas transporter ; rien n’a été envoyé.</translation>
    </message>
    <message>
        <source>The message is %1; %2 accepts at most %3.</source>
        <translation>Le message fait %1 ; %2 accepte au maximum %3.</translation>
    </message>
    <message>
        <source>The address %1 has characters beyond ASCII before the &quot;@&quot;, which needs SMTPUTF8, and %2 does not offer it; nothing was sent.</source>
        <translation>L’adresse %1 contient avant le « @ » des caractères non ASCII, ce qui nécessite SMTPUTF8, et %2 ne le propose pas ; rien n’a été envoyé.</translation>
    </message>
    <message>
        <source>The message has 8-bit content, but %1 accepts only 7-bit mail (no 8BITMIME); it must be encoded as quoted-printable or base64 first. Nothing was sent.</source>
        <translation>Le message a un contenu 8 bits, mais %1 n’accepte que le courrier 7 bits (pas de 8BITMIME) ; il doit d’abord être encodé en quoted-printable ou en base64. Rien n’a été envoyé.</translation>
    </message>
    <message>
        <source>RSET</source>
        <translation>RSET</translation>
    </message>
    <message>
        <source>the empty sender</source>
        <translation>l’expéditeur vide</translation>
    </message>
    <message>
        <source>the sender %1</source>
        <translation>l’expéditeur %1</translation>
    </message>
    <message>
        <source>the message</source>
        <translation>le message</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>The server refused %1.</source>
        <translation>Le serveur a refusé le destinataire : %1.</translation>
    </message>
    <message>
        <source>The server refused every recipient: %1.</source>
        <translation>Le serveur a refusé tous les destinataires : %1.</translation>
    </message>
    <message>
        <source>The connection to %1 was lost after the message was sent and before the server confirmed it; it may or may not have been delivered.</source>
        <translation>La connexion à %1 a été perdue après l’envoi du message et avant sa confirmation par le serveur ; il a pu être remis ou non.</translation>
    </message>
    <message>
        <source>The connection to %1 was lost while the message was being sent; it was not delivered.</source>
        <translation>La connexion à %1 a été perdue pendant l’envoi du message ; il n’a pas été remis.</translation>
    </message>
    <message>
        <source>%1 did not confirm the message in time after it was sent; it may or may not have been delivered.</source>
        <translation>%1 n’a pas confirmé le message à temps après son envoi ; il a pu être remis ou non.</translation>
    </message>
</context>
<context>
    <name>magpie::smtp::SmtpSession</name>
    <message>
        <source>Connecting to %1</source>
        <translation>Connexion à %1</translation>
    </message>
    <message>
        <source>The name &quot;%1&quot; cannot be sent in EHLO; use a domain name or an address literal like [192.0.2.1].</source>
        <translation>Le nom « %1 » ne peut pas être envoyé dans EHLO ; utilisez un nom de domaine ou un littéral d’adresse comme [192.0.2.1].</translation>
    </message>
    <message>
        <source>The connection to %1 was stopped.</source>
        <translation>La connexion à %1 a été interrompue.</translation>
    </message>
    <message>
        <source>The connection to %1 is closed.</source>
        <translation>La connexion à %1 est fermée.</translation>
    </message>
    <message>
        <source>A command for %1 contained a line break; nothing was sent.</source>
        <translation>Une commande destinée à %1 contenait un saut de ligne ; rien n’a été envoyé.</translation>
    </message>
    <message>
        <source>%1 established (%2)</source>
        <translation>%1 établi (%2)</translation>
    </message>
    <message>
        <source>%1 sent something that is not an SMTP reply. %2</source>
        <translation>%1 a envoyé quelque chose qui n’est pas une réponse SMTP. %2</translation>
    </message>
    <message>
        <source>%1 is closing the connection: %2</source>
        <translation>%1 ferme la connexion : %2</translation>
    </message>
    <message>
        <source>%1 sent a reply to no command: %2</source>
        <translation>%1 a envoyé une réponse sans commande correspondante : %2</translation>
    </message>
    <message>
        <source>%1 refused the connection: %2</source>
        <translation>%1 a refusé la connexion : %2</translation>
    </message>
    <message>
        <source>%1 did not greet as an SMTP server does: %2</source>
        <translation>%1 n’a pas répondu comme le fait un serveur SMTP : %2</translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS, so the connection cannot be encrypted. Nothing was sent in plaintext; choose TLS (port 465) if the server has it.</source>
        <translation>%1 ne propose pas STARTTLS : la connexion ne peut donc pas être chiffrée. Rien n’a été envoyé en clair ; choisissez TLS (port 465) si le serveur le propose.</translation>
    </message>
    <message>
        <source>%1 does not understand EHLO, so it cannot offer STARTTLS and the connection cannot be encrypted. Nothing was sent in plaintext.</source>
        <translation>%1 ne comprend pas EHLO : il ne peut donc pas proposer STARTTLS et la connexion ne peut pas être chiffrée. Rien n’a été envoyé en clair.</translation>
    </message>
    <message>
        <source>%1 refused EHLO: %2</source>
        <translation>%1 a refusé EHLO : %2</translation>
    </message>
    <message>
        <source>%1 refused HELO: %2</source>
        <translation>%1 a refusé HELO : %2</translation>
    </message>
    <message numerus="yes">
        <source>Discarded %n byte(s) received before the TLS handshake (RFC 3207 s4.2).</source>
        <translation>
            <numerusform>%n octet reçu avant la négociation TLS a été ignoré (RFC 3207 s4.2).</numerusform>
            <numerusform>%n octets reçus avant la négociation TLS ont été ignorés (RFC 3207 s4.2).</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 refused STARTTLS: %2 Nothing was sent in plaintext.</source>
        <translation>%1 a refusé STARTTLS : %2 Rien n’a été envoyé en clair.</translation>
    </message>
    <message>
        <source>%1 closed the connection unexpectedly.</source>
        <translation>%1 a fermé la connexion de manière inattendue.</translation>
    </message>
    <message>
        <source>%1 closed the connection before it was ready.</source>
        <translation>%1 a fermé la connexion avant qu’elle ne soit prête.</translation>
    </message>
    <message>
        <source>The connection to %1 was closed.</source>
        <translation>La connexion à %1 a été fermée.</translation>
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
    <message>
        <source>Magpie could not finish %1: the disk holding %2 is full. Nothing was lost; free some space and Magpie will carry on.</source>
        <translation>Magpie n’a pas pu terminer %1 : le disque contenant %2 est plein. Rien n’a été perdu ; libérez de l’espace et Magpie poursuivra.</translation>
    </message>
    <message>
        <source>Magpie could not finish %1: its mail cache %2 is damaged (%3). The file was left as it is; close Magpie and move it aside to have it rebuilt from the server.</source>
        <translation>Magpie n’a pas pu terminer %1 : son cache de courrier %2 est endommagé (%3). Le fichier a été laissé tel quel ; fermez Magpie et mettez le fichier de côté pour que le cache soit reconstruit à partir du serveur.</translation>
    </message>
    <message>
        <source>Magpie could not finish %1: it may not write to its mail cache %2. Check the file&apos;s permissions.</source>
        <translation>Magpie n’a pas pu terminer %1 : il n’a pas le droit d’écrire dans son cache de courrier %2. Vérifiez les permissions du fichier.</translation>
    </message>
    <message>
        <source>Magpie could not finish %1: reading or writing %2 failed (%3). Check the disk.</source>
        <translation>Magpie n’a pas pu terminer %1 : la lecture ou l’écriture de %2 a échoué (%3). Vérifiez le disque.</translation>
    </message>
    <message>
        <source>Magpie could not finish %1 in its mail cache %2: %3</source>
        <translation>Magpie n’a pas pu terminer %1 dans son cache de courrier %2 : %3</translation>
    </message>
    <message>
        <source>opening the mail cache</source>
        <translation>l’ouverture du cache de courrier</translation>
    </message>
    <message>
        <source>Magpie cannot read the schema version of its mail cache %1; the file may be damaged. It was left as it is.</source>
        <translation>Magpie ne peut pas lire la version du schéma de son cache de courrier %1 ; le fichier est peut-être endommagé. Il a été laissé tel quel.</translation>
    </message>
    <message>
        <source>upgrading it</source>
        <translation>la mise à niveau du cache</translation>
    </message>
    <message>
        <source>checking the mail cache</source>
        <translation>la vérification du cache de courrier</translation>
    </message>
    <message>
        <source>Magpie&apos;s mail cache %1 is damaged (%2). Close Magpie and move the file aside to have it rebuilt from the server; mail waiting in the outbox is in it too, so keep the old file until that mail is sent.</source>
        <translation>Le cache de courrier %1 de Magpie est endommagé (%2). Fermez Magpie et mettez le fichier de côté pour que le cache soit reconstruit à partir du serveur ; les messages en attente dans la boîte d’envoi s’y trouvent aussi : conservez donc l’ancien fichier jusqu’à ce qu’ils soient envoyés.</translation>
    </message>
</context>
<context>
    <name>magpie::store::MailCache</name>
    <message>
        <source>saving a message body</source>
        <translation>l’enregistrement du corps d’un message</translation>
    </message>
    <message>
        <source>The message is no longer in the mail cache, so its body was not kept.</source>
        <translation>Le message n’est plus dans le cache de courrier : son corps n’a donc pas été conservé.</translation>
    </message>
    <message>
        <source>removing a message body</source>
        <translation>la suppression du corps d’un message</translation>
    </message>
    <message>
        <source>removing the cached message bodies</source>
        <translation>la suppression des corps de messages en cache</translation>
    </message>
    <message>
        <source>saving the folder list</source>
        <translation>l’enregistrement de la liste des dossiers</translation>
    </message>
    <message>
        <source>adding the folder %1</source>
        <translation>l’ajout du dossier %1</translation>
    </message>
    <message>
        <source>saving a folder&apos;s sync state</source>
        <translation>l’enregistrement de l’état de synchronisation d’un dossier</translation>
    </message>
    <message>
        <source>The folder is no longer in the mail cache.</source>
        <translation>Le dossier n’est plus dans le cache de courrier.</translation>
    </message>
    <message>
        <source>emptying a folder whose UIDVALIDITY changed</source>
        <translation>le vidage d’un dossier dont l’UIDVALIDITY a changé</translation>
    </message>
    <message>
        <source>removing the folder %1</source>
        <translation>la suppression du dossier %1</translation>
    </message>
    <message>
        <source>starting a change</source>
        <translation>le démarrage d’une modification</translation>
    </message>
    <message>
        <source>saving a change</source>
        <translation>l’enregistrement d’une modification</translation>
    </message>
    <message>
        <source>listing messages</source>
        <translation>l’établissement de la liste des messages</translation>
    </message>
    <message>
        <source>reading messages</source>
        <translation>la lecture des messages</translation>
    </message>
    <message>
        <source>reading the messages&apos; threads</source>
        <translation>la lecture des fils de discussion des messages</translation>
    </message>
    <message numerus="yes">
        <source>saving %n message summaries</source>
        <translation>
            <numerusform>l’enregistrement du résumé de %n message</numerusform>
            <numerusform>l’enregistrement des résumés de %n messages</numerusform>
        </translation>
    </message>
    <message>
        <source>saving flag changes from the server</source>
        <translation>l’enregistrement des modifications d’indicateurs venant du serveur</translation>
    </message>
    <message>
        <source>changing message flags</source>
        <translation>la modification des indicateurs de messages</translation>
    </message>
    <message>
        <source>marking messages for the next sync</source>
        <translation>le marquage de messages pour la prochaine synchronisation</translation>
    </message>
    <message>
        <source>saving a message&apos;s UID</source>
        <translation>l’enregistrement de l’UID d’un message</translation>
    </message>
    <message>
        <source>The message is no longer in the mail cache.</source>
        <translation>Le message n’est plus dans le cache de courrier.</translation>
    </message>
    <message>
        <source>saving a message preview</source>
        <translation>l’enregistrement de l’aperçu d’un message</translation>
    </message>
    <message>
        <source>moving messages</source>
        <translation>le déplacement de messages</translation>
    </message>
    <message>
        <source>removing messages</source>
        <translation>la suppression de messages</translation>
    </message>
    <message>
        <source>searching for “%1”</source>
        <translation>la recherche de « %1 »</translation>
    </message>
    <message>
        <source>updating the search index</source>
        <translation>la mise à jour de l’index de recherche</translation>
    </message>
    <message>
        <source>reading the search index</source>
        <translation>la lecture de l’index de recherche</translation>
    </message>
</context>
<context>
    <name>magpie::store::OutboxQueue</name>
    <message>
        <source>The message was not put in the outbox: an address in its envelope contains a line break or a NUL byte, so it could never be sent.</source>
        <translation>Le message n’a pas été placé dans la boîte d’envoi : une adresse de son enveloppe contient un saut de ligne ou un octet NUL, il ne pourrait donc jamais être envoyé.</translation>
    </message>
    <message>
        <source>putting a message in the outbox</source>
        <translation>le placement d’un message dans la boîte d’envoi</translation>
    </message>
    <message>
        <source>Magpie could not finish %1: that message is no longer in the outbox, or no longer in a state that allows it.</source>
        <translation>Magpie n’a pas pu terminer %1 : ce message n’est plus dans la boîte d’envoi, ou n’est plus dans un état qui le permet.</translation>
    </message>
    <message>
        <source>starting to send an outbox message</source>
        <translation>le début de l’envoi d’un message de la boîte d’envoi</translation>
    </message>
    <message>
        <source>marking an outbox message sent</source>
        <translation>le marquage d’un message de la boîte d’envoi comme envoyé</translation>
    </message>
    <message>
        <source>marking an outbox message unconfirmed</source>
        <translation>le marquage d’un message de la boîte d’envoi comme non confirmé</translation>
    </message>
    <message>
        <source>marking an outbox message failed</source>
        <translation>le marquage d’un message de la boîte d’envoi comme en échec</translation>
    </message>
    <message>
        <source>scheduling another attempt for an outbox message</source>
        <translation>la programmation d’une nouvelle tentative pour un message de la boîte d’envoi</translation>
    </message>
    <message>
        <source>sending an outbox message again</source>
        <translation>le renvoi d’un message de la boîte d’envoi</translation>
    </message>
    <message>
        <source>Magpie could not discard the message: it is no longer in the outbox.</source>
        <translation>Magpie n’a pas pu supprimer le message : il n’est plus dans la boîte d’envoi.</translation>
    </message>
    <message>
        <source>Magpie could not discard the message: it is being sent right now. Try again when sending is over.</source>
        <translation>Magpie n’a pas pu supprimer le message : il est en cours d’envoi. Réessayez une fois l’envoi terminé.</translation>
    </message>
    <message>
        <source>discarding an outbox message</source>
        <translation>la suppression d’un message de la boîte d’envoi</translation>
    </message>
    <message>
        <source>removing a sent message from the outbox</source>
        <translation>le retrait d’un message envoyé de la boîte d’envoi</translation>
    </message>
</context>
<context>
    <name>magpie::store::PendingOperations</name>
    <message>
        <source>recording an offline change</source>
        <translation>l’enregistrement d’une modification faite hors connexion</translation>
    </message>
    <message>
        <source>updating an offline change</source>
        <translation>la mise à jour d’une modification faite hors connexion</translation>
    </message>
    <message>
        <source>noting the replay of an offline change</source>
        <translation>la consignation de l’application d’une modification faite hors connexion</translation>
    </message>
    <message>
        <source>removing a replayed offline change</source>
        <translation>la suppression d’une modification hors connexion déjà appliquée</translation>
    </message>
</context>
<context>
    <name>magpie::store::Pop3Ledger</name>
    <message>
        <source>remembering the downloaded POP3 message %1</source>
        <translation>la mémorisation du message POP3 téléchargé %1</translation>
    </message>
    <message>
        <source>Magpie could not save the downloaded POP3 message %1 in its mail cache %2.</source>
        <translation>Magpie n’a pas pu enregistrer le message POP3 téléchargé %1 dans son cache de courrier %2.</translation>
    </message>
    <message numerus="yes">
        <source>noting %n message(s) deleted from the POP3 server</source>
        <translation>
            <numerusform>la consignation de %n message supprimé du serveur POP3</numerusform>
            <numerusform>la consignation de %n messages supprimés du serveur POP3</numerusform>
        </translation>
    </message>
    <message>
        <source>forgetting POP3 messages the server no longer has</source>
        <translation>l’oubli des messages POP3 que le serveur n’a plus</translation>
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
<context>
    <name>magpie::sync::AccountRuntime</name>
    <message>
        <source>No password is known for %1. Enter it to connect.</source>
        <translation>Aucun mot de passe n’est connu pour %1. Saisissez-le pour vous connecter.</translation>
    </message>
    <message>
        <source>The connection to %1 could not be opened.</source>
        <translation>La connexion à %1 n’a pas pu être établie.</translation>
    </message>
    <message>
        <source>The server %1 says: %2</source>
        <translation>Le serveur %1 indique : %2</translation>
    </message>
    <message>
        <source>The server %1 ended the connection.</source>
        <translation>Le serveur %1 a mis fin à la connexion.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::AccountSettings</name>
    <message>
        <source>The settings file %1 cannot be written. Check that its folder exists and that you may write to it.</source>
        <translation>Impossible d’écrire le fichier de paramètres %1. Vérifiez que son dossier existe et que vous avez le droit d’y écrire.</translation>
    </message>
    <message>
        <source>The settings file %1 is damaged and was not changed. Repair or remove it.</source>
        <translation>Le fichier de paramètres %1 est endommagé et n’a pas été modifié. Réparez-le ou supprimez-le.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::BodyFetchTask</name>
    <message>
        <source>Messages cannot be downloaded: there is no connection to the server.</source>
        <translation>Impossible de télécharger les messages : il n’y a pas de connexion au serveur.</translation>
    </message>
    <message>
        <source>%1 changed on the server; its messages are downloaded after the next sync.</source>
        <translation>%1 a changé sur le serveur ; ses messages seront téléchargés après la prochaine synchronisation.</translation>
    </message>
    <message>
        <source>Downloading messages in %1</source>
        <translation>Téléchargement des messages de %1</translation>
    </message>
</context>
<context>
    <name>magpie::sync::ImapAccountSyncTask</name>
    <message>
        <source>%1 failed.</source>
        <translation>%1 a échoué.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 a échoué : %2</translation>
    </message>
    <message>
        <source>Magpie is not connected to %1.</source>
        <translation>Magpie n’est pas connecté à %1.</translation>
    </message>
    <message>
        <source>Sending changes made offline</source>
        <translation>L’envoi des modifications faites hors connexion</translation>
    </message>
    <message>
        <source>There is no folder “%1” on %2 that can hold messages.</source>
        <translation>Il n’y a sur %2 aucun dossier « %1 » pouvant contenir des messages.</translation>
    </message>
    <message>
        <source>Bringing %1 up to date</source>
        <translation>La mise à jour de %1</translation>
    </message>
    <message>
        <source>Downloading recent messages in %1 for offline use</source>
        <translation>Téléchargement des messages récents de %1 pour une utilisation hors connexion</translation>
    </message>
    <message>
        <source>Downloading recent messages in %1</source>
        <translation>Le téléchargement des messages récents de %1</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>À jour</translation>
    </message>
    <message>
        <source>Bringing INBOX up to date</source>
        <translation>La mise à jour de la boîte de réception</translation>
    </message>
</context>
<context>
    <name>magpie::sync::ImapConnectTask</name>
    <message>
        <source>Connecting to %1</source>
        <translation>Connexion à %1</translation>
    </message>
    <message>
        <source>The connection to %1 closed.</source>
        <translation>La connexion à %1 a été fermée.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::ImapFolderListTask</name>
    <message>
        <source>Magpie is not connected to the mail server, so the folder list cannot be read.</source>
        <translation>Magpie n’est pas connecté au serveur de messagerie : la liste des dossiers ne peut donc pas être lue.</translation>
    </message>
    <message>
        <source>Reading the folder list</source>
        <translation>Lecture de la liste des dossiers</translation>
    </message>
</context>
<context>
    <name>magpie::sync::ImapFolderSyncTask</name>
    <message>
        <source>Magpie is not connected to the mail server, so %1 cannot be brought up to date.</source>
        <translation>Magpie n’est pas connecté au serveur de messagerie : %1 ne peut donc pas être mis à jour.</translation>
    </message>
    <message>
        <source>The folder to bring up to date is no longer in the cache.</source>
        <translation>Le dossier à mettre à jour n’est plus dans le cache.</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>Ouverture de %1</translation>
    </message>
    <message>
        <source>The server did not say which UIDs are valid in %1 (UIDVALIDITY, RFC 3501 s2.3.1.1), so Magpie cannot keep it offline.</source>
        <translation>Le serveur n’a pas indiqué quels UID sont valides dans %1 (UIDVALIDITY, RFC 3501 s2.3.1.1) : Magpie ne peut donc pas le conserver hors connexion.</translation>
    </message>
    <message>
        <source>Looking for new messages in %1</source>
        <translation>Recherche de nouveaux messages dans %1</translation>
    </message>
    <message>
        <source>Fetching new messages in %1</source>
        <translation>Récupération des nouveaux messages de %1</translation>
    </message>
    <message>
        <source>Checking for changed flags in %1</source>
        <translation>Recherche d’indicateurs modifiés dans %1</translation>
    </message>
    <message>
        <source>Checking for deleted messages in %1</source>
        <translation>Recherche de messages supprimés dans %1</translation>
    </message>
    <message>
        <source>Checking %1 for changes</source>
        <translation>Recherche de modifications dans %1</translation>
    </message>
</context>
<context>
    <name>magpie::sync::ImapIdleWatcher</name>
    <message>
        <source>The connection for watching %1 could not be opened.</source>
        <translation>La connexion de surveillance de %1 n’a pas pu être établie.</translation>
    </message>
    <message>
        <source>The server ended the connection that watched %1.</source>
        <translation>Le serveur a mis fin à la connexion qui surveillait %1.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::LocalOperations</name>
    <message>
        <source>The folder to move the messages to is no longer there.</source>
        <translation>Le dossier vers lequel déplacer les messages n’existe plus.</translation>
    </message>
    <message>
        <source>Messages cannot be moved to %1: it only holds other folders.</source>
        <translation>Impossible de déplacer des messages vers %1 : ce dossier ne contient que d’autres dossiers.</translation>
    </message>
    <message>
        <source>The draft could not be saved: the account has no Drafts folder. Choose one in Settings &gt; Accounts.</source>
        <translation>Le brouillon n’a pas pu être enregistré : le compte n’a pas de dossier Brouillons. Choisissez-en un dans Paramètres &gt; Comptes.</translation>
    </message>
    <message>
        <source>The draft could not be saved in the cache.</source>
        <translation>Le brouillon n’a pas pu être enregistré dans le cache.</translation>
    </message>
    <message>
        <source>The folder to copy the messages to is no longer there.</source>
        <translation>Le dossier vers lequel copier les messages n’existe plus.</translation>
    </message>
    <message>
        <source>Messages cannot be copied to %1: it only holds other folders.</source>
        <translation>Les messages ne peuvent pas être copiés vers %1 : il ne contient que d’autres dossiers.</translation>
    </message>
    <message>
        <source>Magpie could not add the messages to %1.</source>
        <translation>Magpie n’a pas pu ajouter les messages à %1.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::MessageIdSearchJob</name>
    <message>
        <source>Looking for the sent message in %1</source>
        <translation>La recherche du message envoyé dans %1</translation>
    </message>
    <message>
        <source>The message has no Message-ID, so Magpie cannot tell whether a copy is already there.</source>
        <translation>Le message n’a pas de Message-ID : Magpie ne peut donc pas savoir si une copie s’y trouve déjà.</translation>
    </message>
    <message>
        <source>%1 failed: the server&apos;s answer did not list messages.</source>
        <translation>%1 a échoué : la réponse du serveur ne contenait pas de liste de messages.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::OperationReplayTask</name>
    <message>
        <source>the folder %1 is no longer on the server</source>
        <translation>le dossier %1 n’existe plus sur le serveur</translation>
    </message>
    <message>
        <source>they were moved to</source>
        <translation>où ils avaient été déplacés</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) moved offline could not be moved on the server (%1); they are shown where they were.</source>
        <translation>
            <numerusform>%n message déplacé hors connexion n’a pas pu être déplacé sur le serveur (%1) ; il est de nouveau affiché à son emplacement d’origine.</numerusform>
            <numerusform>%n messages déplacés hors connexion n’ont pas pu être déplacés sur le serveur (%1) ; ils sont de nouveau affichés à leur emplacement d’origine.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 could not be opened</source>
        <translation>%1 n’a pas pu être ouvert</translation>
    </message>
    <message>
        <source>A draft could not be uploaded: its folder is no longer there.</source>
        <translation>Un brouillon n’a pas pu être envoyé au serveur : son dossier n’existe plus.</translation>
    </message>
    <message>
        <source>A draft could not be uploaded: its text is no longer in the cache.</source>
        <translation>Un brouillon n’a pas pu être envoyé au serveur : son texte n’est plus dans le cache.</translation>
    </message>
    <message>
        <source>The draft “%1” could not be saved on the server (%2); it is kept on this computer.</source>
        <translation>Le brouillon « %1 » n’a pas pu être enregistré sur le serveur (%2) ; il est conservé sur cet ordinateur.</translation>
    </message>
    <message>
        <source>The offline changes wait: there is no connection to the server.</source>
        <translation>Les modifications faites hors connexion sont en attente : il n’y a pas de connexion au serveur.</translation>
    </message>
    <message>
        <source>Sending changes made offline to the server</source>
        <translation>Envoi au serveur des modifications faites hors connexion</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) changed offline had been deleted on the server meanwhile; the change to them was dropped.</source>
        <translation>
            <numerusform>%n message modifié hors connexion avait été supprimé entre-temps sur le serveur ; la modification a été abandonnée.</numerusform>
            <numerusform>%n messages modifiés hors connexion avaient été supprimés entre-temps sur le serveur ; la modification a été abandonnée.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 could not be opened on the server, so flags changed there offline were left as the server has them.</source>
        <translation>%1 n’a pas pu être ouvert sur le serveur : les indicateurs qui y ont été modifiés hors connexion ont donc été laissés tels qu’ils sont sur le serveur.</translation>
    </message>
    <message numerus="yes">
        <source>The server refused to change the flags of %n message(s) in %1 (%2); they stay as the server has them.</source>
        <translation>
            <numerusform>Le serveur a refusé de modifier les indicateurs de %n message dans %1 (%2) ; ils restent tels qu’ils sont sur le serveur.</numerusform>
            <numerusform>Le serveur a refusé de modifier les indicateurs de %n messages dans %1 (%2) ; ils restent tels qu’ils sont sur le serveur.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) in %1 had been deleted on the server; the flag change made offline was dropped for them.</source>
        <translation>
            <numerusform>%n message de %1 avait été supprimé sur le serveur ; la modification d’indicateurs faite hors connexion a été abandonnée pour ce message.</numerusform>
            <numerusform>%n messages de %1 avaient été supprimés sur le serveur ; la modification d’indicateurs faite hors connexion a été abandonnée pour ces messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) in %1 were changed by another client meanwhile; their flags were left as the server has them instead of being %2.</source>
        <translation>
            <numerusform>%n message de %1 a été modifié entre-temps par un autre client ; ses indicateurs ont été laissés tels qu’ils sont sur le serveur au lieu d’être %2.</numerusform>
            <numerusform>%n messages de %1 ont été modifiés entre-temps par un autre client ; leurs indicateurs ont été laissés tels qu’ils sont sur le serveur au lieu d’être %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>set</source>
        <translation>positionnés</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation>retirés</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) deleted offline in %1 could not be deleted on the server (%2); they are shown again.</source>
        <translation>
            <numerusform>%n message supprimé hors connexion dans %1 n’a pas pu être supprimé sur le serveur (%2) ; il est de nouveau affiché.</numerusform>
            <numerusform>%n messages supprimés hors connexion dans %1 n’ont pas pu être supprimés sur le serveur (%2) ; ils sont de nouveau affichés.</numerusform>
        </translation>
    </message>
    <message>
        <source>the folder could not be opened</source>
        <translation>le dossier n’a pas pu être ouvert</translation>
    </message>
    <message>
        <source>%1 cannot remove only these messages (it lacks UIDPLUS); they stay there, marked as deleted, until the folder is expunged.</source>
        <translation>%1 ne peut pas retirer uniquement ces messages (il ne prend pas en charge UIDPLUS) ; ils y restent, marqués comme supprimés, jusqu’à ce que le dossier soit compacté.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) copied offline could not be copied on the server (%1); the copies were taken back.</source>
        <translation>
            <numerusform>%n message copié hors connexion n’a pas pu être copié sur le serveur (%1) ; la copie a été annulée.</numerusform>
            <numerusform>%n messages copiés hors connexion n’ont pas pu être copiés sur le serveur (%1) ; les copies ont été annulées.</numerusform>
        </translation>
    </message>
    <message>
        <source>A message moved or copied offline to %1 had been deleted on the server by another client, and Magpie had no copy of it to upload.</source>
        <translation>Un message déplacé ou copié hors connexion vers %1 avait été supprimé du serveur par un autre client, et Magpie n’en avait aucune copie à téléverser.</translation>
    </message>
    <message>
        <source>A message moved or copied offline had been deleted on the server by another client, and uploading Magpie&apos;s copy to %1 failed (%2); the copy is kept in %1 on this computer only.</source>
        <translation>Un message déplacé ou copié hors connexion avait été supprimé du serveur par un autre client, et le téléversement de la copie de Magpie vers %1 a échoué (%2) ; la copie est conservée dans %1 sur cet ordinateur uniquement.</translation>
    </message>
    <message>
        <source>A message moved or copied offline had been deleted on the server by another client; Magpie uploaded its copy to %1.</source>
        <translation>Un message déplacé ou copié hors connexion avait été supprimé du serveur par un autre client ; Magpie a téléversé sa copie vers %1.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::OutboxSendTask</name>
    <message numerus="yes">
        <source>%n message(s) wait in the outbox, but the account %1 has no outgoing (SMTP) server; add one in its settings.</source>
        <translation>
            <numerusform>%n message attend dans la boîte d’envoi, mais le compte %1 n’a pas de serveur sortant (SMTP) ; ajoutez-en un dans ses paramètres.</numerusform>
            <numerusform>%n messages attendent dans la boîte d’envoi, mais le compte %1 n’a pas de serveur sortant (SMTP) ; ajoutez-en un dans ses paramètres.</numerusform>
        </translation>
    </message>
    <message>
        <source>Connecting to %1</source>
        <translation>Connexion à %1</translation>
    </message>
    <message>
        <source>The connection to %1 was closed.</source>
        <translation>La connexion à %1 a été fermée.</translation>
    </message>
    <message>
        <source>Sending “%1”</source>
        <translation>Envoi de « %1 »</translation>
    </message>
    <message>
        <source>The message was sent to the server; its answer has not come yet.</source>
        <translation>Le message a été envoyé au serveur ; sa réponse n’est pas encore arrivée.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Sent to %1, but not to %2: the server refused them, so they did not get the message.</source>
        <translation>Envoyé à %1, mais pas à %2 : le serveur a refusé ces destinataires, qui n’ont donc pas reçu le message.</translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation>« %1 » : %2</translation>
    </message>
    <message>
        <source>%1 Magpie will not send it again on its own, so nobody gets it twice: check with a recipient or in the Sent folder, then send it again or discard it.</source>
        <translation>%1 Magpie ne le renverra pas de lui-même, pour que personne ne le reçoive en double : vérifiez auprès d’un destinataire ou dans le dossier Envoyés, puis renvoyez-le ou supprimez-le.</translation>
    </message>
    <message numerus="yes">
        <source>%1 Magpie will try again in %n minute(s).</source>
        <translation>
            <numerusform>%1 Magpie réessaiera dans %n minute.</numerusform>
            <numerusform>%1 Magpie réessaiera dans %n minutes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Filing sent messages in %1</source>
        <translation>Classement des messages envoyés dans %1</translation>
    </message>
    <message numerus="yes">
        <source>%n sent message(s) could not be filed in %1: %2 They stay in the outbox until they are.</source>
        <translation>
            <numerusform>%n message envoyé n’a pas pu être classé dans %1 : %2 Il reste dans la boîte d’envoi jusqu’à ce qu’il le soit.</numerusform>
            <numerusform>%n messages envoyés n’ont pas pu être classés dans %1 : %2 Ils restent dans la boîte d’envoi jusqu’à ce qu’ils le soient.</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” was sent, but could not be filed in %2: %3 Magpie will try again.</source>
        <translation>« %1 » a été envoyé, mais n’a pas pu être classé dans %2 : %3 Magpie réessaiera.</translation>
    </message>
    <message>
        <source>Magpie could not make the local Sent folder.</source>
        <translation>Magpie n’a pas pu créer le dossier local Envoyés.</translation>
    </message>
</context>
<context>
    <name>magpie::sync::Pop3DownloadTask</name>
    <message>
        <source>The account %1 is not set up to download mail with POP3. Check its incoming server in Settings &gt; Accounts.</source>
        <translation>Le compte %1 n’est pas configuré pour relever le courrier en POP3. Vérifiez son serveur entrant dans Paramètres &gt; Comptes.</translation>
    </message>
    <message>
        <source>Connecting to %1</source>
        <translation>Connexion à %1</translation>
    </message>
    <message>
        <source>Looking for new mail on %1</source>
        <translation>Recherche de nouveaux messages sur %1</translation>
    </message>
    <message>
        <source>Magpie could not make the local Inbox of %1 in its mail cache %2.</source>
        <translation>Magpie n’a pas pu créer la boîte de réception locale de %1 dans son cache de courrier %2.</translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n downloaded message(s) from %1</source>
        <translation>
            <numerusform>Suppression sur %1 de %n message téléchargé</numerusform>
            <numerusform>Suppression sur %1 de %n messages téléchargés</numerusform>
        </translation>
    </message>
    <message>
        <source>The POP3 server %1 closed the connection.</source>
        <translation>Le serveur POP3 %1 a fermé la connexion.</translation>
    </message>
    <message numerus="yes">
        <source>%1 The %n message(s) marked for deletion on %2 may still be there; Magpie will delete them next time.</source>
        <translation>
            <numerusform>%1 %n message marqué pour suppression sur %2 s’y trouve peut-être encore ; Magpie le supprimera la prochaine fois.</numerusform>
            <numerusform>%1 %n messages marqués pour suppression sur %2 s’y trouvent peut-être encore ; Magpie les supprimera la prochaine fois.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s) downloaded from %1</source>
        <translation>
            <numerusform>%n nouveau message téléchargé depuis %1</numerusform>
            <numerusform>%n nouveaux messages téléchargés depuis %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The POP3 server %1 does not support UIDL, so Magpie cannot tell which messages it has already downloaded and would download them again every time. Nothing was downloaded. Use IMAP for this account if the provider offers it.</source>
        <translation>Le serveur POP3 %1 ne prend pas en charge UIDL : Magpie ne peut donc pas savoir quels messages il a déjà téléchargés et les téléchargerait à nouveau à chaque fois. Rien n’a été téléchargé. Utilisez IMAP pour ce compte si le fournisseur le propose.</translation>
    </message>
    <message>
        <source>Saving message %1 of %2 from %3</source>
        <translation>Enregistrement du message %1 sur %2 de %3</translation>
    </message>
    <message>
        <source>Downloading message %1 of %2 from %3</source>
        <translation>Téléchargement du message %1 sur %2 depuis %3</translation>
    </message>
</context>
</TS>
