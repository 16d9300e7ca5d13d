; SPDX-License-Identifier: GPL-3.0-or-later
; Registers Magpie with Windows as a mail client, as a handler of mailto: links and of .eml
; files, without making it the default for anything: since Windows 8 only the person picks
; defaults (Settings > Apps > Default apps), and this is what makes Magpie appear there.
; Microsoft's "Registering Programs with Client Types" (Clients\Mail), "Default Programs"
; (Capabilities, RegisteredApplications) and "Programmatic Identifiers" (ProgIDs).
;
; SHCTX is HKLM for a machine-wide install and HKCU when CPack's installer runs for one user.
; The 64-bit view: the installer is a 32-bit program and Clients / RegisteredApplications
; would otherwise land under WOW6432Node, where 64-bit Windows does not look.
;
; Names other code relies on (the Settings > General "default mail client" page):
;   RegisteredApplications value  Magpie
;   client key                    Software\Clients\Mail\Magpie
;   ProgIDs                       Magpie.Url.mailto, Magpie.Eml

!define MAGPIE_EXE "$INSTDIR\bin\magpie.exe"
!define MAGPIE_CLIENT "Software\Clients\Mail\Magpie"

!macro MagpieWriteProgId PROGID DESCRIPTION
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "" "${DESCRIPTION}"
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "FriendlyTypeName" "${DESCRIPTION}"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\DefaultIcon" "" "${MAGPIE_EXE},0"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\open\command" "" '"${MAGPIE_EXE}" "%1"'
!macroend

!macro MagpieRegisterMailClient
  SetRegView 64

  ; mailto: links (RFC 6068). "URL Protocol" marks the ProgID as one for a URL scheme.
  !insertmacro MagpieWriteProgId "Magpie.Url.mailto" "Magpie mailto: link"
  WriteRegStr SHCTX "Software\Classes\Magpie.Url.mailto" "URL Protocol" ""
  ; Saved messages (.eml, message/rfc822), also offered under "Open with".
  !insertmacro MagpieWriteProgId "Magpie.Eml" "E-mail message"
  WriteRegStr SHCTX "Software\Classes\.eml\OpenWithProgids" "Magpie.Eml" ""

  ; The mail client and what it can do.
  WriteRegStr SHCTX "${MAGPIE_CLIENT}" "" "Magpie"
  WriteRegStr SHCTX "${MAGPIE_CLIENT}" "LocalizedString" "Magpie"
  WriteRegStr SHCTX "${MAGPIE_CLIENT}\DefaultIcon" "" "${MAGPIE_EXE},0"
  WriteRegStr SHCTX "${MAGPIE_CLIENT}\shell\open\command" "" '"${MAGPIE_EXE}"'
  WriteRegStr SHCTX "${MAGPIE_CLIENT}\Capabilities" "ApplicationName" "Magpie"
  WriteRegStr SHCTX "${MAGPIE_CLIENT}\Capabilities" "ApplicationDescription" \
    "A fast, safe desktop mail client for IMAP, POP3 and SMTP."
  WriteRegStr SHCTX "${MAGPIE_CLIENT}\Capabilities" "ApplicationIcon" "${MAGPIE_EXE},0"
  WriteRegStr SHCTX "${MAGPIE_CLIENT}\Capabilities\URLAssociations" "mailto" "Magpie.Url.mailto"
  WriteRegStr SHCTX "${MAGPIE_CLIENT}\Capabilities\FileAssociations" ".eml" "Magpie.Eml"
  WriteRegStr SHCTX "${MAGPIE_CLIENT}\Capabilities\MimeAssociations" "message/rfc822" "Magpie.Eml"
  WriteRegStr SHCTX "${MAGPIE_CLIENT}\Capabilities\StartMenu" "Mail" "Magpie"
  WriteRegStr SHCTX "Software\RegisteredApplications" "Magpie" "${MAGPIE_CLIENT}\Capabilities"

  SetRegView default
  ; SHCNE_ASSOCCHANGED: Explorer and Settings read the new associations now, not at next logon.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend

!macro MagpieUnregisterMailClient
  SetRegView 64
  DeleteRegValue SHCTX "Software\RegisteredApplications" "Magpie"
  DeleteRegKey SHCTX "${MAGPIE_CLIENT}"
  DeleteRegValue SHCTX "Software\Classes\.eml\OpenWithProgids" "Magpie.Eml"
  DeleteRegKey /ifempty SHCTX "Software\Classes\.eml\OpenWithProgids"
  DeleteRegKey SHCTX "Software\Classes\Magpie.Url.mailto"
  DeleteRegKey SHCTX "Software\Classes\Magpie.Eml"
  SetRegView default
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend
