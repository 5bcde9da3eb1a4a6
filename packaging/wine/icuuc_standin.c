/*
 * Stand-in icuuc.dll for running the Windows build of ReviewDesk under Wine (test harness only).
 *
 * WHY THIS EXISTS: Qt6Core.dll from the PySide6 Windows wheels imports 20 ucnv_* converter
 * functions from icuuc.dll, the ICU that Windows 10 (1903+) and 11 ship in System32. Wine 8
 * has no icuuc.dll, so Qt6Core.dll - and with it every PySide6 module - fails to load
 * ("DLL load failed while importing QtCore"). tools/wine_build.py compiles this file with
 * Debian's x86_64-w64-mingw32-gcc and copies the DLL into the *Wine prefix's* system32.
 *
 * It is NEVER part of the bundle or the installer: real Windows has the DLL, and the
 * acceptance run (tools/wine_build.py) fails if an icuuc.dll turns up in the bundle.
 *
 * What it does: every converter lookup reports "no such converter" (U_FILE_ACCESS_ERROR, as
 * ICU does for an unknown name), and the list of available converters is empty. Qt then
 * offers only the encodings it implements itself (UTF-8/16/32, Latin-1, System). ReviewDesk
 * does its text encoding in Python, so nothing it does goes through these functions; a Qt
 * codec lookup by name (e.g. "GBK") fails under Wine where it would succeed on Windows.
 */
#include <stddef.h>
#include <stdint.h>

#define U_FILE_ACCESS_ERROR 4 /* ICU's code for "converter not found" */
#define EXPORT __declspec(dllexport)

typedef int32_t UErrorCode;
typedef uint16_t UChar;
typedef int8_t UBool;
typedef void UConverter; /* never created: ucnv_open always fails */
typedef void (*Callback)(void);

static void fail(UErrorCode *status)
{
    if (status != NULL && *status <= 0) /* U_SUCCESS: keep an earlier error */
        *status = U_FILE_ACCESS_ERROR;
}

EXPORT UConverter *ucnv_open(const char *name, UErrorCode *status) { (void)name; fail(status); return NULL; }
EXPORT void ucnv_close(UConverter *cnv) { (void)cnv; }
EXPORT void ucnv_reset(UConverter *cnv) { (void)cnv; }
EXPORT int8_t ucnv_getMaxCharSize(const UConverter *cnv) { (void)cnv; return 1; }
EXPORT const char *ucnv_getName(const UConverter *cnv, UErrorCode *status) { (void)cnv; fail(status); return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *status)
{
    (void)name; (void)standard; fail(status); return NULL;
}
EXPORT int32_t ucnv_toUCountPending(const UConverter *cnv, UErrorCode *status) { (void)cnv; fail(status); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const UConverter *cnv, UErrorCode *status) { (void)cnv; fail(status); return 0; }

EXPORT void ucnv_getToUCallBack(const UConverter *cnv, Callback *action, const void **context)
{
    (void)cnv;
    if (action != NULL) *action = NULL;
    if (context != NULL) *context = NULL;
}
EXPORT void ucnv_getFromUCallBack(const UConverter *cnv, Callback *action, const void **context)
{
    ucnv_getToUCallBack(cnv, action, context);
}
EXPORT void ucnv_setToUCallBack(UConverter *cnv, Callback action, const void *context,
                                Callback *old_action, const void **old_context, UErrorCode *status)
{
    (void)action; (void)context;
    ucnv_getToUCallBack(cnv, old_action, old_context);
    fail(status);
}
EXPORT void ucnv_setFromUCallBack(UConverter *cnv, Callback action, const void *context,
                                  Callback *old_action, const void **old_context, UErrorCode *status)
{
    ucnv_setToUCallBack(cnv, action, context, old_action, old_context, status);
}

EXPORT void ucnv_toUnicode(UConverter *cnv, UChar **target, const UChar *target_limit,
                           const char **source, const char *source_limit, int32_t *offsets,
                           UBool flush, UErrorCode *status)
{
    (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit;
    (void)offsets; (void)flush; fail(status);
}
EXPORT void ucnv_fromUnicode(UConverter *cnv, char **target, const char *target_limit,
                             const UChar **source, const UChar *source_limit, int32_t *offsets,
                             UBool flush, UErrorCode *status)
{
    (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit;
    (void)offsets; (void)flush; fail(status);
}

/* ICU's stock callbacks and the helpers they call: only ever reached through a converter. */
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const char *units,
                                          int32_t length, int reason, UErrorCode *status)
{
    (void)context; (void)args; (void)units; (void)length; (void)reason; fail(status);
}
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const UChar *units,
                                            int32_t length, int32_t code_point, int reason,
                                            UErrorCode *status)
{
    (void)context; (void)args; (void)units; (void)length; (void)code_point; (void)reason;
    fail(status);
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length,
                                  int32_t offset_index, UErrorCode *status)
{
    (void)args; (void)source; (void)length; (void)offset_index; fail(status);
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *source_limit,
                                    int32_t offset_index, UErrorCode *status)
{
    (void)args; (void)source; (void)source_limit; (void)offset_index; fail(status);
}
