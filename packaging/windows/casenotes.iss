; Inno Setup script for Casenotes on Windows (built by .github/workflows/release.yml):
;   iscc /DAppVersion=0.1.0 packaging\windows\casenotes.iss
; Takes the PyInstaller bundle in dist\casenotes\ (packaging/casenotes.spec) and writes
; dist\Casenotes-VERSION-setup.exe. Installs for the current user by default (no administrator
; needed). Uninstalling removes the program only: vaults and backups in the user's data
; folder are never touched.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B0E3F4C-7C2D-4C1B-9B1A-3C5A0D6E2F71}
AppName=Casenotes
AppVersion={#AppVersion}
AppVerName=Casenotes {#AppVersion}
AppPublisher=Casenotes
DefaultDirName={autopf}\Casenotes
DefaultGroupName=Casenotes
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=Casenotes-{#AppVersion}-setup
SetupIconFile=..\casenotes.ico
UninstallDisplayIcon={app}\casenotesw.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\casenotes\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\tools\recover.py"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\README-bundle.txt"; DestDir: "{app}"; DestName: "README.txt"; Flags: ignoreversion

[Icons]
; casenotesw.exe is the windowed twin of casenotes.exe (no console window).
Name: "{autoprograms}\Casenotes"; Filename: "{app}\casenotesw.exe"
Name: "{autodesktop}\Casenotes"; Filename: "{app}\casenotesw.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\casenotesw.exe"; Description: "{cm:LaunchProgram,Casenotes}"; Flags: nowait postinstall skipifsilent
