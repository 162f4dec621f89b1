; Inno Setup 6.3 or later: a per-user installer for Windows, no administrator rights needed. It installs the
; PyInstaller folder (dist\internkontroll, see packaging/WINDOWS.md) under the user's own
; programs folder, with a Start menu entry, and removes it again from Inställningar → Appar.
;   iscc /DAppVersion=0.1.0 packaging\internkontroll.iss   →   dist\internkontroll-0.1.0-installera.exe

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{393B2C0A-E03B-4BCC-8DE4-7381484C6916}
AppName=Internkontroll
AppVersion={#AppVersion}
AppPublisher=Internkontroll
AppComments=Urval, bedömning och redovisning av internkontroll till nämnden
PrivilegesRequired=lowest
ChangesEnvironment=yes
DefaultDirName={userpf}\Internkontroll
DefaultGroupName=Internkontroll
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=internkontroll-{#AppVersion}-installera
SetupIconFile=internkontroll.ico
UninstallDisplayIcon={app}\internkontroll-gui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The data is the user's own (%LOCALAPPDATA%\Internkontroll): an update or an uninstall keeps it.
CloseApplications=yes

[Languages]
Name: "swedish"; MessagesFile: "compiler:Languages\Swedish.isl"

[Tasks]
Name: "desktopicon"; Description: "Skapa en genväg på skrivbordet"; Flags: unchecked
Name: "path"; Description: "Gör kommandot internkontroll tillgängligt i kommandotolken (PATH)"; Flags: unchecked

[Files]
Source: "..\dist\internkontroll\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the program folder; what an older version had there and this one lacks goes.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Internkontroll"; Filename: "{app}\internkontroll-gui.exe"
Name: "{userdesktop}\Internkontroll"; Filename: "{app}\internkontroll-gui.exe"; Tasks: desktopicon

[Registry]
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; \
    ValueData: "{olddata};{app}"; Tasks: path; Check: NotInPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\internkontroll-gui.exe"; Description: "Starta Internkontroll"; \
    Flags: nowait postinstall skipifsilent

[Code]
function NotInPath(Folder: string): Boolean;
var
  Current: string;
begin
  if not RegQueryStringValue(HKCU, 'Environment', 'Path', Current) then
    Current := '';
  Result := Pos(';' + Uppercase(Folder) + ';', ';' + Uppercase(Current) + ';') = 0;
end;

// On uninstall the program folder leaves the user's PATH again, if the installer put it there.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Padded, Folder: string;
  At: Integer;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  if not RegQueryStringValue(HKCU, 'Environment', 'Path', Padded) then
    exit;
  Padded := ';' + Padded + ';';
  Folder := ExpandConstant('{app}');
  At := Pos(';' + Uppercase(Folder) + ';', Uppercase(Padded));
  if At = 0 then
    exit;
  Delete(Padded, At, Length(Folder) + 1);  // ";folder", keeping the ";" after it
  RegWriteExpandStringValue(HKCU, 'Environment', 'Path', Copy(Padded, 2, Length(Padded) - 2));
end;
