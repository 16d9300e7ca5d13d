// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/setup/AccountSetupDialog.h"

#include "app/session/MailSession.h"
#include "app/setup/AccountProbe.h"
#include "app/setup/AccountSetupForm.h"
#include "app/setup/MailServerProposal.h"
#include "app/setup/ServerDiscovery.h"
#include "sync/AccountSettings.h"
#include "ui_AccountSetupDialog.h"

#include <QCryptographicHash>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

QByteArray passwordHash(const QString &password)
{
    return QCryptographicHash::hash(password.toUtf8(), QCryptographicHash::Sha256);
}

bool sameEndpoint(const net::ServerEndpoint &a, const net::ServerEndpoint &b)
{
    return a.host == b.host && a.port == b.port && a.security == b.security
        && a.pinnedSha256 == b.pinnedSha256;
}

} // namespace

struct AccountSetupDialog::Private
{
    Q_DECLARE_TR_FUNCTIONS(magpie::app::AccountSetupDialog)
public:
    Private(AccountSetupDialog *q, MailSession &session)
        : q(q)
        , session(session)
        , ui()
        , form(ui)
    {
    }

    void startDiscovery();
    void stopWork();
    void showStatus(const QString &text);
    void setBusy(bool busy, int steps = 0);
    void updateButtons();
    void fillServers(const MailServerProposal &proposal);
    // The account as the form shows it (no id), or std::nullopt after showing what is wrong.
    std::optional<sync::AccountConfig> accountFromForm();
    void startProbe();
    void probeFinished(const AccountProbe::Outcome &outcome);
    void trustOfferedCertificate();
    void save(const sync::AccountConfig &config);

    AccountSetupDialog *q;
    MailSession &session;
    Ui::AccountSetupDialog ui;
    AccountSetupForm form;
    ServerDiscovery *discovery = nullptr;
    AccountProbe *probe = nullptr;
    sync::AccountConfig account; // the saved one
    // Certificates the person chose to trust in this dialog, kept with the host and port they
    // were shown for: a pin never moves to another server.
    QByteArray incomingPin;
    QString incomingPinFor;
    QByteArray smtpPin;
    QString smtpPinFor;
    // The certificate of the last failure, waiting for "Trust This Certificate".
    QByteArray offeredPin;
    AccountProbe::Part offeredPinPart = AccountProbe::Part::Incoming;
    // What the running probe tests, and what last passed (id empty) with which password.
    // Passwords are compared by their SHA-256: no second copy of a password is kept.
    sync::AccountConfig probing;
    QByteArray probingPasswordHash;
    std::optional<sync::AccountConfig> verified;
    QByteArray verifiedPasswordHash;
    QString lookedUpAddress;
    bool filling = false;      // the form is being filled by the program, not the person
    bool serversEdited = false; // the person changed a server field: discovery keeps off them
    bool saveAfterProbe = false;
    bool accountNameEdited = false;
};

AccountSetupDialog::AccountSetupDialog(MailSession &session, QWidget *parent)
    : QDialog(parent)
    , d(std::make_unique<Private>(this, session))
{
    Ui::AccountSetupDialog &ui = d->ui;
    ui.setupUi(this);
    d->discovery = new ServerDiscovery(this);
    d->probe = new AccountProbe(this);
    ui.buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Done"));
    ui.incomingPortSpin->setValue(993);
    ui.smtpPortSpin->setValue(465);

    connect(ui.findButton, &QPushButton::clicked, this, [this] {
        d->serversEdited = false;
        d->startDiscovery();
    });
    connect(ui.addressEdit, &QLineEdit::editingFinished, this, [this] {
        if (!d->serversEdited && d->ui.addressEdit->text().trimmed() != d->lookedUpAddress)
            d->startDiscovery();
    });
    connect(ui.addressEdit, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (!d->accountNameEdited) {
            const QSignalBlocker block(d->ui.accountNameEdit);
            d->ui.accountNameEdit->setText(text.trimmed());
        }
    });
    connect(ui.accountNameEdit, &QLineEdit::textEdited, this, [this] { d->accountNameEdited = true; });
    connect(ui.manualButton, &QPushButton::clicked, this, [this] {
        d->stopWork();
        d->serversEdited = true;
        if (d->ui.incomingUserEdit->text().isEmpty())
            d->ui.incomingUserEdit->setText(d->ui.addressEdit->text().trimmed());
        d->showStatus(tr("Enter the server settings your provider gives, then press Test."));
        d->ui.incomingHostEdit->setFocus();
    });
    connect(ui.testButton, &QPushButton::clicked, this, [this] {
        d->saveAfterProbe = false;
        d->startProbe();
    });
    connect(ui.trustButton, &QPushButton::clicked, this, [this] { d->trustOfferedCertificate(); });
    connect(ui.buttonBox, &QDialogButtonBox::accepted, this, &AccountSetupDialog::accept);
    connect(ui.buttonBox, &QDialogButtonBox::rejected, this, &AccountSetupDialog::reject);

    // Editing a server field by hand: discovery no longer overwrites the form.
    auto edited = [this] {
        if (!d->filling)
            d->serversEdited = true;
    };
    for (QLineEdit *edit : { ui.incomingHostEdit, ui.incomingUserEdit, ui.smtpHostEdit, ui.smtpUserEdit })
        connect(edit, &QLineEdit::textEdited, this, edited);
    connect(ui.incomingPortSpin, &QSpinBox::valueChanged, this, edited);
    connect(ui.smtpPortSpin, &QSpinBox::valueChanged, this, edited);
    // A new protocol or security moves a customary port along (993 <-> 143, ...).
    auto followPort = [this](bool smtp) {
        if (d->filling)
            return;
        d->serversEdited = true;
        if (d->form.followPort(smtp))
            d->showStatus(tr("Without encryption, your password and mail cross the network "
                          "readable by anyone on the way. Choose it only for a server on "
                          "this computer."));
    };
    connect(ui.incomingProtocolCombo, &QComboBox::currentIndexChanged, this, [followPort] { followPort(false); });
    connect(ui.incomingSecurityCombo, &QComboBox::currentIndexChanged, this, [followPort] { followPort(false); });
    connect(ui.smtpSecurityCombo, &QComboBox::currentIndexChanged, this, [followPort] { followPort(true); });

    connect(d->discovery, &ServerDiscovery::stepStarted, this, [this](ServerDiscovery::Step step) {
        const QString domain = MailServerProposal::domainOf(d->ui.addressEdit->text());
        switch (step) {
        case ServerDiscovery::Step::ProviderList:
            d->showStatus(tr("Looking up %1 in Magpie's list of providers...").arg(domain));
            break;
        case ServerDiscovery::Step::Autoconfig:
            d->showStatus(tr("Asking %1 for its mail configuration...").arg(domain));
            break;
        case ServerDiscovery::Step::SrvRecords:
            d->showStatus(tr("Looking for mail service records of %1 in DNS...").arg(domain));
            break;
        case ServerDiscovery::Step::CommonNames:
            d->showStatus(tr("Trying common server names for %1...").arg(domain));
            break;
        }
    });
    connect(d->discovery, &ServerDiscovery::found, this, [this](const MailServerProposal &proposal) {
        d->setBusy(false);
        d->fillServers(proposal);
    });
    connect(d->discovery, &ServerDiscovery::notFound, this, [this](const QStringList &) {
        d->setBusy(false);
        if (d->ui.incomingUserEdit->text().isEmpty())
            d->ui.incomingUserEdit->setText(d->ui.addressEdit->text().trimmed());
        d->showStatus(tr("Magpie could not find the servers for %1. Enter the settings your "
                      "provider gives, then press Test.")
                       .arg(MailServerProposal::domainOf(d->ui.addressEdit->text())));
        d->ui.incomingHostEdit->setFocus();
    });
    connect(d->probe, &AccountProbe::progress, this, [this](const QString &text, int step) {
        d->ui.progressBar->setValue(step);
        d->showStatus(text);
    });
    connect(d->probe, &AccountProbe::finished, this,
            [this](const AccountProbe::Outcome &outcome) { d->probeFinished(outcome); });
    d->updateButtons();
}

AccountSetupDialog::~AccountSetupDialog() = default;

sync::AccountConfig AccountSetupDialog::account() const
{
    return d->account;
}

void AccountSetupDialog::setNetworkLookupsAllowed(bool allowed)
{
    d->discovery->setNetworkAllowed(allowed);
}

void AccountSetupDialog::accept()
{
    const std::optional<sync::AccountConfig> config = d->accountFromForm();
    if (!config)
        return;
    if (d->verified && d->verifiedPasswordHash == passwordHash(d->ui.passwordEdit->text())) {
        const sync::AccountConfig &v = *d->verified;
        if (v.incoming == config->incoming && sameEndpoint(v.incomingServer, config->incomingServer)
            && v.incomingUser == config->incomingUser
            && sameEndpoint(v.smtpServer, config->smtpServer) && v.smtpUser == config->smtpUser) {
            d->save(*config);
            return;
        }
    }
    // What is shown has not passed yet: test it, and save when it does.
    d->saveAfterProbe = true;
    d->startProbe();
}

void AccountSetupDialog::reject()
{
    d->stopWork();
    QDialog::reject();
}

void AccountSetupDialog::Private::showStatus(const QString &text)
{
    ui.statusLabel->setText(text);
}

void AccountSetupDialog::Private::setBusy(bool busy, int steps)
{
    ui.progressBar->setVisible(busy);
    ui.progressBar->setRange(0, steps); // 0..0: "working" without a known end (discovery)
    ui.progressBar->setValue(0);
    updateButtons();
}

void AccountSetupDialog::Private::updateButtons()
{
    const bool working = discovery->isRunning() || probe->isRunning();
    ui.findButton->setEnabled(!working);
    ui.testButton->setEnabled(!working);
    ui.buttonBox->button(QDialogButtonBox::Ok)->setEnabled(!working);
    ui.manualButton->setEnabled(true);
}

void AccountSetupDialog::Private::stopWork()
{
    discovery->abort();
    probe->abort();
    saveAfterProbe = false;
    setBusy(false);
}

void AccountSetupDialog::Private::startDiscovery()
{
    const QString address = ui.addressEdit->text().trimmed();
    if (!AccountSetupForm::looksLikeAddress(address)) {
        showStatus(tr("Enter your whole email address, like alice@example.com."));
        ui.addressEdit->setFocus();
        return;
    }
    ui.trustButton->hide();
    lookedUpAddress = address;
    discovery->start(address);
    if (discovery->isRunning())
        setBusy(true);
}

void AccountSetupDialog::Private::fillServers(const MailServerProposal &proposal)
{
    filling = true;
    form.fill(proposal);
    filling = false;

    QStringList text;
    const QString source = MailServerProposal::sourceText(proposal.source);
    text.append(proposal.providerName.isEmpty()
                    ? tr("Magpie found these settings in %1.").arg(source)
                    : tr("Magpie found the settings for %1 in %2.").arg(proposal.providerName, source));
    if (proposal.source == MailServerProposal::Source::CommonNames)
        text.append(tr("They are a guess: press Test to see whether they work."));
    for (const MailServerProposal::Remark remark : proposal.remarks)
        text.append(MailServerProposal::remarkText(remark, proposal.providerName));
    if (!proposal.hasSmtp())
        text.append(tr("No outgoing server was found; without one this account cannot send."));
    text.append(tr("Press Done to test them and add the account."));
    showStatus(text.join(u' '));
}

std::optional<sync::AccountConfig> AccountSetupDialog::Private::accountFromForm()
{
    AccountSetupForm::Problem problem;
    std::optional<sync::AccountConfig> config = form.read(&problem);
    if (!config) {
        showStatus(problem.text);
        problem.field->setFocus();
        return std::nullopt;
    }
    const QString incomingKey = config->incomingServer.hostAndPort();
    if (!incomingPin.isEmpty() && incomingPinFor == incomingKey)
        config->incomingServer.pinnedSha256 = incomingPin;
    const QString smtpKey = config->smtpServer.hostAndPort();
    if (!smtpPin.isEmpty() && smtpPinFor == smtpKey)
        config->smtpServer.pinnedSha256 = smtpPin;
    return config;
}

void AccountSetupDialog::Private::startProbe()
{
    discovery->abort();
    const std::optional<sync::AccountConfig> config = accountFromForm();
    if (!config) {
        saveAfterProbe = false;
        setBusy(false);
        return;
    }
    ui.trustButton->hide();
    offeredPin.clear();
    probing = *config;
    probingPasswordHash = passwordHash(ui.passwordEdit->text());
    verified.reset();
    probe->start(*config, ui.passwordEdit->text());
    setBusy(true, AccountProbe::stepCount(*config));
}

void AccountSetupDialog::Private::probeFinished(const AccountProbe::Outcome &outcome)
{
    const bool save = saveAfterProbe;
    saveAfterProbe = false;
    setBusy(false);
    // What was tested, even if the person typed on meanwhile: Done compares with the form.
    const sync::AccountConfig *config = &probing;
    if (outcome.ok) {
        verified = probing;
        verifiedPasswordHash = probingPasswordHash;
        if (save) {
            this->save(*config);
            return;
        }
        showStatus(config->smtpServer.host.isEmpty()
                       ? tr("The settings work: Magpie logged in to %1. This account cannot send "
                            "mail until an outgoing server is set.")
                             .arg(config->incomingServer.host)
                       : tr("The settings work: Magpie logged in to %1 and %2. Press Done to add "
                            "the account.")
                             .arg(config->incomingServer.host, config->smtpServer.host));
        return;
    }
    const bool incoming = outcome.failedPart == AccountProbe::Part::Incoming;
    const QString server = incoming ? config->incomingServer.host : config->smtpServer.host;
    QString text = incoming ? tr("Incoming server %1: %2").arg(server, outcome.error.message)
                            : tr("Outgoing server %1: %2").arg(server, outcome.error.message);
    using Code = net::NetError::Code;
    switch (outcome.error.code) {
    case Code::AuthenticationFailed:
        text += u' ' + tr("Check the password and the user name, then press Test again.");
        ui.passwordEdit->setFocus();
        ui.passwordEdit->selectAll();
        break;
    case Code::HostNotFound:
    case Code::ConnectionRefused:
    case Code::Timeout:
        text += u' ' + tr("Check the server name, the port and the security, then press Test again.");
        break;
    default:
        break;
    }
    if (outcome.error.code == Code::Certificate && !outcome.untrustedCertificateSha256.isEmpty()) {
        offeredPin = outcome.untrustedCertificateSha256;
        offeredPinPart = outcome.failedPart;
        ui.trustButton->show();
    }
    showStatus(text);
}

void AccountSetupDialog::Private::trustOfferedCertificate()
{
    if (offeredPin.isEmpty())
        return;
    const std::optional<sync::AccountConfig> config = accountFromForm();
    if (!config)
        return;
    // Both servers are often one machine with one certificate: pin it where it was shown,
    // and on the other side too when that one is the same host.
    if (offeredPinPart == AccountProbe::Part::Incoming || config->smtpServer.host == config->incomingServer.host) {
        incomingPin = offeredPin;
        incomingPinFor = config->incomingServer.hostAndPort();
    }
    if (offeredPinPart == AccountProbe::Part::Outgoing || config->smtpServer.host == config->incomingServer.host) {
        smtpPin = offeredPin;
        smtpPinFor = config->smtpServer.hostAndPort();
    }
    offeredPin.clear();
    ui.trustButton->hide();
    startProbe();
}

void AccountSetupDialog::Private::save(const sync::AccountConfig &form)
{
    sync::AccountConfig config = form;
    config.id = sync::AccountSettings::newId();
    const QString error = session.saveAccount(config);
    if (!error.isEmpty()) {
        showStatus(tr("The account could not be saved: %1").arg(error));
        return;
    }
    const QString password = ui.passwordEdit->text();
    const bool remember = ui.rememberPasswordCheck->isChecked();
    session.setPassword(config.id, sync::AccountRuntime::Secret::Incoming, password, remember);
    if (!config.smtpServer.host.isEmpty())
        session.setPassword(config.id, sync::AccountRuntime::Secret::Smtp, password, remember);
    account = config;
    ui.passwordEdit->clear();
    q->QDialog::accept();
}

} // namespace magpie::app
