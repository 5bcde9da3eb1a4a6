; ReviewDesk installer (NSIS 3, Unicode).
;
;   makensis -DVERSION=0.1.0 [-DSOURCE=..\build\bundle\ReviewDesk] [-DOUTFILE=..\build\ReviewDesk-Setup-0.1.0.exe] packaging\installer.nsi
;
; tools/build_bundle.py and .github/workflows/windows.yml pass VERSION from pyproject.toml.
; Relative paths are relative to this folder (makensis changes into the script's directory).
;
; Why NSIS and not Inno Setup: both install per user without admin rights, but NSIS also
; compiles on Linux (Debian's `nsis` package), so tools/build_bundle.py compiles this script on
; every bundle build there and a syntax error cannot reach a release; Inno Setup's compiler is
; Windows-only (Wine at best). NSIS is also preinstalled on GitHub's windows-latest runners.
;
; What it does, per user, no UAC prompt:
;   - installs the one-folder bundle into %LOCALAPPDATA%\Programs\ReviewDesk
;   - Start-menu shortcut, uninstaller registered under HKCU (Settings → Apps lists it)
;   - .rdpkg review packages open in ReviewDesk (HKCU\Software\Classes; `open-package "%1"`)
;   - never touches the user's data folder %LOCALAPPDATA%\ReviewDesk (databases, backups, logs)
;     nor the settings Qt keeps in HKCU\Software\ReviewDesk: kept on upgrade and on uninstall
;   - an upgrade (same or other version over an existing install) first removes the old
;     program files, so no stale library of the previous version stays behind

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
!ifdef FAST  ; tools/build_bundle.py on Linux: the compile is a check of the script, not a release
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION
  !error "pass the version: makensis -DVERSION=x.y.z (tools/build_bundle.py reads pyproject.toml)"
!endif
!ifndef VERSION4                      ; VIProductVersion needs four numbers
  !define VERSION4 "${VERSION}.0"     ; pass -DVERSION4=a.b.c.d for a version like 1.2.0rc1
!endif
!ifndef SOURCE
  !define SOURCE "..\build\bundle\ReviewDesk"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\build\ReviewDesk-Setup-${VERSION}.exe"
!endif

!define APP "ReviewDesk"
!define EXE "ReviewDesk.exe"
!define PUBLISHER "ReviewDesk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\ReviewDesk"
!define PROGID "ReviewDesk.rdpkg"
!define CLASSES "Software\Classes"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} 安装程序 / installer"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "reviewdesk.ico"
!define MUI_UNICON "reviewdesk.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_LANGDLL_REGISTRY_ROOT HKCU   ; the uninstaller speaks the language chosen at install
!define MUI_LANGDLL_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "Language"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString FileType ${LANG_SIMPCHINESE} "ReviewDesk 评审包"
LangString FileType ${LANG_ENGLISH} "ReviewDesk review package"
LangString DataFolder ${LANG_SIMPCHINESE} "该文件夹是 ReviewDesk 的数据文件夹（数据库、备份、日志），请选择其他安装位置。"
LangString DataFolder ${LANG_ENGLISH} "That folder holds ReviewDesk's data (databases, backups, logs). Choose another install folder."
LangString KeptData ${LANG_SIMPCHINESE} "您的数据保留在 $LOCALAPPDATA\${APP}"
LangString KeptData ${LANG_ENGLISH} "Your data is kept in $LOCALAPPDATA\${APP}"

Function .onInit
  SetShellVarContext current
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function .onVerifyInstDir
  ; the program folder must never be the data folder: an upgrade empties the program folder
  StrCmp $INSTDIR "$LOCALAPPDATA\${APP}" 0 +2
    Abort
FunctionEnd

; Program files of any earlier install (a fixed list: never RMDir /r the chosen folder itself,
; which could be a folder the user picked that holds other things).
!macro RemoveProgramFiles
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\reviewdesk-cli.exe"
  Delete "$INSTDIR\Uninstall.exe"
!macroend

Section "ReviewDesk" SecMain
  SectionIn RO
  SetShellVarContext current
  ${If} "$INSTDIR" == "$LOCALAPPDATA\${APP}"
    MessageBox MB_ICONSTOP "$(DataFolder)"
    Abort
  ${EndIf}
  SetOutPath "$INSTDIR"
  !insertmacro RemoveProgramFiles
  File /r "${SOURCE}\*.*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  ; .rdpkg → ReviewDesk (per user: HKCU\Software\Classes, no admin needed)
  WriteRegStr HKCU "${CLASSES}\.rdpkg" "" "${PROGID}"
  WriteRegStr HKCU "${CLASSES}\.rdpkg\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "${CLASSES}\${PROGID}" "" "$(FileType)"
  WriteRegStr HKCU "${CLASSES}\${PROGID}\DefaultIcon" "" '"$INSTDIR\${EXE}",0'
  WriteRegStr HKCU "${CLASSES}\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" open-package "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'  ; SHCNE_ASSOCCHANGED

  ; Settings → Apps / Programs and Features, for this user
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" '"$INSTDIR\${EXE}",0'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  SectionGetSize ${SecMain} $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  SetShellVarContext current
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  !insertmacro RemoveProgramFiles
  RMDir "$INSTDIR"  ; only if empty
  Delete "$SMPROGRAMS\${APP}.lnk"

  ; the association only if it is still ours
  ReadRegStr $0 HKCU "${CLASSES}\.rdpkg" ""
  ${If} $0 == "${PROGID}"
    DeleteRegValue HKCU "${CLASSES}\.rdpkg" ""
  ${EndIf}
  DeleteRegValue HKCU "${CLASSES}\.rdpkg\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty HKCU "${CLASSES}\.rdpkg\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "${CLASSES}\.rdpkg"
  DeleteRegKey HKCU "${CLASSES}\${PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${UNINSTALL_KEY}"

  ; %LOCALAPPDATA%\ReviewDesk (data) and HKCU\Software\ReviewDesk (settings) are kept.
  DetailPrint "$(KeptData)"
SectionEnd
